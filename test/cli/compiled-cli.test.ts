import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type ManifestEntry } from '../../cli/command-manifest.js';
import { COMMAND_MODULES, registerCommands } from '../../cli/commands/index.js';
import { newProgram } from '../../cli/program.js';
import { REPO } from '../support/world.js';
// @ts-expect-error: plain JavaScript beside the launcher, without type declarations
import { staleBuildReason } from '../../bin/build-freshness.mjs';

const stale = staleBuildReason as (root: URL) => string | undefined;
const run = (file: string, args: string[]) =>
  spawnSync(process.execPath, [file, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, TOLLGATE_LOG_LEVEL: 'silent' } });
const tollgate = (...args: string[]) => run(`${REPO}/bin/tollgate.mjs`, args);

/** The compiled CLI as a user runs it: `make build` output, launched by bin/tollgate.mjs. */
describe('the compiled CLI', () => {
  let manifest: ManifestEntry[];
  beforeAll(() => {
    // `make test` builds first; run alone after an edit, this builds what the edit changed.
    if (stale(pathToFileURL(`${REPO}/`))) expect(spawnSync(`${REPO}/scripts/build.sh`, { stdio: 'inherit' }).status).toBe(0);
    manifest = readManifest(`${REPO}/dist/cli/command-manifest.json`)!;
  });

  it('runs from dist/ and lists every command in --help', async () => {
    const help = tollgate('--help');
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    const real = newProgram();
    await registerCommands(real);
    expect(help.stdout).toBe(real.helpInformation());
    for (const command of real.commands) expect(help.stdout).toContain(`  ${command.name()}`);
  });

  it('has a compiled module for every command module, and the manifest names each once', () => {
    expect(manifest.map((e) => e.module).sort()).toEqual(Object.keys(COMMAND_MODULES).sort());
    for (const { module } of manifest) expect(existsSync(`${REPO}/dist/cli/commands/${module}.js`), module).toBe(true);
  });

  it('prints a subcommand help and runs a command, exit codes included', async () => {
    const real = newProgram();
    await registerCommands(real);
    const list = tollgate('approvals', 'list', '--help');
    expect(list.status).toBe(0);
    expect(list.stdout).toBe(
      real.commands
        .find((c) => c.name() === 'approvals')!
        .commands.find((c) => c.name() === 'list')!
        .helpInformation(),
    );

    const pass = tollgate('policy', 'check', 'test/fixtures/terraform/compliant.plan.json', '--json');
    expect(pass.stderr).toBe('');
    expect(pass.status).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ passed: true, vmChanges: 3 });
    const fail = tollgate('policy', 'check', 'test/fixtures/terraform/violations.plan.json');
    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain('over the $500/month limit');

    const missing = tollgate('approvals', 'approve', 'wf-1');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("required option '--as <user>' not specified");
  });

  it('bundles the compiled workflows for the workers', () => {
    const script = [
      "import { bundleWorkflowCode } from '@temporalio/worker';",
      `const { WORKFLOWS_PATH } = await import(${JSON.stringify(pathToFileURL(`${REPO}/dist/runtime/workers.js`).href)});`,
      'const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };',
      'const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });',
      'console.log(JSON.stringify({ path: WORKFLOWS_PATH, bytes: code.length }));',
    ].join('\n');
    const bundled = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(bundled.stderr).toBe('');
    const result = JSON.parse(bundled.stdout) as { path: string; bytes: number };
    expect(result.path).toBe(join(REPO, 'dist/workflows/index.js'));
    expect(result.bytes).toBeGreaterThan(100_000);
  }, 120_000);
});

describe('a build older than its sources never runs', () => {
  function checkout(): { root: URL; touch: (file: string, secondsAfterBuild: number) => void } {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-build-'));
    mkdirSync(join(dir, 'core'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'tsconfig.json'), '{}');
    writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify({ include: ['core', 'runtime'] }));
    writeFileSync(join(dir, 'core/a.ts'), '');
    writeFileSync(join(dir, 'core/data.json'), '');
    const built = new Date('2030-01-01T00:00:00Z');
    const touch = (file: string, secondsAfterBuild: number) => {
      const at = new Date(built.getTime() + secondsAfterBuild * 1000);
      utimesSync(join(dir, file), at, at);
    };
    for (const file of ['tsconfig.json', 'tsconfig.build.json', 'core/a.ts', 'core/data.json']) touch(file, -60);
    return { root: pathToFileURL(`${dir}/`), touch };
  }

  it('names what is newer than the build, or that there is none', () => {
    const { root, touch } = checkout();
    expect(stale(root)).toBe('dist/ is not built');
    writeFileSync(new URL('dist/.build-stamp', root), '');
    touch('dist/.build-stamp', 0);
    expect(stale(root)).toBeUndefined();
    touch('core/data.json', 5); // data is read from the checkout, never compiled
    expect(stale(root)).toBeUndefined();
    touch('core/a.ts', 5);
    expect(stale(root)).toBe('core/a.ts changed since dist/ was built');
    touch('core/a.ts', -5);
    touch('tsconfig.build.json', 5);
    expect(stale(root)).toBe('tsconfig.build.json changed since dist/ was built');
  });
});
