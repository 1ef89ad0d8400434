import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../support/world.js';

const DEPCRUISE = join(REPO, 'node_modules/.bin/depcruise');

/** Runs the same dependency-cruiser check as `make test`, and lists what it refuses. */
async function violations(paths: string[]): Promise<string[]> {
  const run = spawnSync(DEPCRUISE, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...paths], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

const planted: string[] = [];
function plant(path: string, text: string): string {
  writeFileSync(join(REPO, path), text);
  planted.push(join(REPO, path));
  return path;
}

describe("DESIGN.md's import rules", () => {
  afterEach(() => {
    for (const p of planted.splice(0)) rmSync(p, { force: true });
  });

  it('hold for the whole tree', async () => {
    expect(
      await violations([
        'core',
        'clouds',
        'agents',
        'tools',
        'prompts',
        'guardrails',
        'workflows',
        'activities',
        'approvals',
        'audit',
        'console',
        'runtime',
        'evals',
        'bench',
        'test',
      ]),
    ).toEqual([]);
  });

  it('fail when an agent reaches a mutating cloud', async () => {
    const file = plant(
      'agents/zz-planted-violation.ts',
      "import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';\nexport const c = SandboxCloud;\n",
    );
    expect((await violations([file])).join('\n')).toMatch(/agents-and-tools-never-hold-a-mutating-cloud/);
  });

  it("fail when a workflow imports Node modules or activities' code", async () => {
    const node = plant('workflows/zz-planted-node.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    const acts = plant(
      'workflows/zz-planted-activities.ts',
      "import { createActionActivities } from '../activities/execute-actions.js';\nexport const a = createActionActivities;\n",
    );
    const found = (await violations([node, acts])).join('\n');
    expect(found).toMatch(/workflows-stay-sandbox-safe/);
    expect(found).toMatch(/workflows-imports: workflows\/zz-planted-activities\.ts → activities\/execute-actions\.ts/);
  });

  it('fail when the console reaches a cloud or the workflows: runtime/ wires it', async () => {
    const cloud = plant('console/zz-planted-cloud.ts', "import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';\nexport const c = SandboxCloud;\n");
    const found = (await violations([cloud])).join('\n');
    expect(found).toMatch(/console-imports: console\/zz-planted-cloud\.ts → clouds\/sandbox\/sandbox-cloud\.ts/);
  });

  it('fail when anything but guardrails/authorize.ts mints a ticket', async () => {
    const file = plant('activities/zz-planted-mint.ts', "import { mintTicket } from '../core/ticket-mint.js';\nexport const m = mintTicket;\n");
    expect((await violations([file])).join('\n')).toMatch(/only-authorize-mints-tickets/);
  });

  it('fail when runtime/ reaches up into cli/, or evals/ and tests outside test/cli/ load cli/', async () => {
    const up = plant('runtime/zz-planted-cli.ts', "import { registerRun } from '../cli/commands/run.js';\nexport const r = registerRun;\n");
    const evals = plant('evals/zz-planted-cli.ts', "import { printJson } from '../cli/output.js';\nexport const p = printJson;\n");
    const found = (await violations([up, evals])).join('\n');
    expect(found).toMatch(/runtime-imports: runtime\/zz-planted-cli\.ts → cli\/commands\/run\.ts/);
    expect(found).toMatch(/only-cli-tests-import-cli: evals\/zz-planted-cli\.ts → cli\/output\.ts/);
  });
});

describe('cloud mutations', () => {
  it('are called only from activities/execute*', () => {
    const offenders: string[] = [];
    const skip = new Set(['node_modules', '.git', '.tollgate', 'test', 'bench', 'clouds', 'docs', '.stryker-tmp', 'evals']);
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (skip.has(entry.name)) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const rel = relative(REPO, path);
          if (/^activities\/execute[^/]*\.ts$/.test(rel)) continue;
          if (/\.(apply|plan)\(\s*[\w.]+\s*,\s*[\w.]*ticket/i.test(readFileSync(path, 'utf8'))) offenders.push(rel);
        }
      }
    };
    walk(REPO);
    expect(offenders).toEqual([]);
  });
});
