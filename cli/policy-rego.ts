import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanCost, PlanProblem, Policy } from '../guardrails/index.js';

/** The OPA release the docs and the setup script name (scripts/setup.d/opa.sh). */
export const OPA_VERSION = 'v1.22.3';

/** One `deny` or `warn` entry a Rego policy produced, with the rule path that produced it. */
export interface RegoResult {
  /** e.g. data.acme.tags.deny */
  path: string;
  severity: 'error' | 'warning';
  address: string;
  /** the entry's own `rule` field, when it is an object that names one */
  rule?: string;
  message: string;
}

/**
 * Every `deny` (errors) and `warn` (warnings) set in any package, OPA's convention: each entry a
 * message string or an object {msg, address?, rule?}.
 */
const QUERY =
  '[r | walk(data, [path, value]); count(path) > 0; path[count(path) - 1] in {"deny", "warn"}; some entry in value; r := {"path": path, "entry": entry}]';

/**
 * Evaluates the user's Rego policies (OPA v1 syntax) over the Terraform plan JSON with the real
 * `opa` binary. data.tollgate carries the policy's tag and budget settings and the priced changes,
 * which Tollgate's own rules (policies/tollgate) read. Fails closed: a missing folder, a folder
 * without .rego files, or any OPA error is an error, never a pass.
 */
export function evaluateRego(planPath: string, dirs: readonly string[], policy: Policy, costs: readonly PlanCost[]): RegoResult[] {
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--rego ${dir}: no such folder`);
    if (!hasRegoFile(dir)) throw new Error(`--rego ${dir}: no .rego file in it (or its subfolders); nothing would be checked`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'tollgate-rego-'));
  try {
    const context = join(scratch, 'tollgate-context.json');
    writeFileSync(context, JSON.stringify({ tollgate: { policy: regoSettings(policy), costs } }));
    const opa = opaBinary();
    const args = ['eval', '--format', 'json', '--input', planPath, ...dirs.flatMap((d) => ['--data', d]), '--data', context, QUERY];
    const run = spawnSync(opa, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw new Error(`cannot run ${opa}: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`opa could not evaluate ${dirs.join(', ')}:\n${opaErrors(run.stdout, run.stderr)}`);
    return resultsOf(run.stdout);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The settings Tollgate's own Rego rules read, in Rego's snake_case. */
export function regoSettings(policy: Policy): Record<string, unknown> {
  return {
    required_tags: policy.tags.required,
    aliases: policy.tags.aliases,
    env_key: policy.tags.envKey,
    exclude_key: policy.tags.excludeKey,
    max_monthly_increase_usd: policy.planCheck.maxMonthlyIncreaseUsd,
  };
}

/** As problems of the plan report: rule `rego`, the Rego rule's path (and own name) as the policy. */
export function regoProblems(results: readonly RegoResult[]): PlanProblem[] {
  return results.map((r) => ({
    address: r.address,
    rule: 'rego',
    severity: r.severity,
    message: r.message,
    policy: r.rule ? `${r.path} (${r.rule})` : r.path,
  }));
}

/** $TOLLGATE_OPA, else the one scripts/setup.d/opa.sh built into the tool cache, else `opa` on PATH. */
export function opaBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TOLLGATE_OPA) return env.TOLLGATE_OPA;
  const cache = env.TOLLGATE_TOOL_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tollgate');
  const cached = join(cache, `opa-${OPA_VERSION}`, 'opa');
  if (existsSync(cached)) return cached;
  const onPath = (env.PATH ?? '').split(':').map((dir) => join(dir, 'opa'));
  const found = onPath.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(`--rego needs the opa binary (${OPA_VERSION}): run scripts/setup.d/opa.sh, put opa on PATH, or set TOLLGATE_OPA`);
}

function hasRegoFile(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((name) => name.endsWith('.rego'));
}

function resultsOf(stdout: string): RegoResult[] {
  const document = JSON.parse(stdout) as { result?: { expressions: { value: { path: string[]; entry: unknown }[] }[] }[] };
  const found = document.result?.[0]?.expressions[0]?.value ?? [];
  const results = found.map(({ path, entry }) => {
    const severity: RegoResult['severity'] = path.at(-1) === 'deny' ? 'error' : 'warning';
    const where = `data.${path.join('.')}`;
    if (typeof entry === 'string') return { path: where, severity, address: '(plan)', message: entry };
    if (typeof entry === 'object' && entry !== null && typeof (entry as { msg?: unknown }).msg === 'string') {
      const { msg, address, rule } = entry as { msg: string; address?: unknown; rule?: unknown };
      return {
        path: where,
        severity,
        address: typeof address === 'string' ? address : '(plan)',
        message: msg,
        ...(typeof rule === 'string' ? { rule } : {}),
      };
    }
    // An entry we cannot read is still a finding: shown as JSON rather than dropped.
    return { path: where, severity, address: '(plan)', message: JSON.stringify(entry) };
  });
  return results.sort((a, b) => a.path.localeCompare(b.path) || a.address.localeCompare(b.address) || a.message.localeCompare(b.message));
}

function opaErrors(stdout: string, stderr: string): string {
  try {
    const parsed = JSON.parse(stdout) as { errors?: { message: string; location?: { file: string; row: number; col: number } }[] };
    if (parsed.errors?.length) {
      return parsed.errors.map((e) => `  ${e.location ? `${e.location.file}:${e.location.row}:${e.location.col}: ` : ''}${e.message}`).join('\n');
    }
  } catch {
    // not JSON: show what opa said
  }
  return `  ${(stderr || stdout).trim()}`;
}
