import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { LlmConfigSchema, type LlmConfig } from '../agents/index.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../guardrails/index.js';
import { sourceUrl } from '../core/source-url.js';

export const REPO_ROOT = resolve(fileURLToPath(sourceUrl('..', import.meta.url)));

/** Where things live, from the environment, with defaults that work in a checkout. */
export interface RuntimeConfig {
  home: string;
  temporalAddress: string;
  namespace: string;
  estatePath: string;
  statePath: string;
  auditPath: string;
  /** The decision log every worker and command uses: $TOLLGATE_AUDIT_STORE (SQLite path or postgres://…), else `auditPath`. */
  auditStore: string;
  /** This installation's audit writer key (ed25519, 0600): $TOLLGATE_AUDIT_WRITER_KEY, else under home. */
  auditWriterKeyPath: string;
  /** The writer keys `audit verify` trusts: $TOLLGATE_AUDIT_TRUSTED_WRITERS, else under home (docs/architecture.md). */
  auditTrustedWritersPath: string;
  policyPath: string | undefined;
  llm: LlmConfig;
  /** Worker threads for the anomaly series scan: $TOLLGATE_DETECT_THREADS; absent, one per core (at most 8). */
  detectThreads?: number;
}

export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const home = resolve(env.TOLLGATE_HOME ?? join(process.cwd(), '.tollgate'));
  const defaultPolicy = join(REPO_ROOT, 'tollgate.policy.yaml');
  const auditPath = resolve(env.TOLLGATE_AUDIT_DB ?? join(home, 'audit.sqlite'));
  return {
    home,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    estatePath: resolve(env.TOLLGATE_ESTATE ?? join(REPO_ROOT, 'clouds/sandbox/fixtures/sample-estate.json')),
    statePath: resolve(env.TOLLGATE_SANDBOX_STATE ?? join(home, 'sandbox-state.json')),
    auditPath,
    auditStore: env.TOLLGATE_AUDIT_STORE ?? auditPath,
    auditWriterKeyPath: resolve(env.TOLLGATE_AUDIT_WRITER_KEY ?? join(home, 'audit-writer.key')),
    auditTrustedWritersPath: resolve(env.TOLLGATE_AUDIT_TRUSTED_WRITERS ?? join(home, 'audit-trusted-writers.json')),
    policyPath: env.TOLLGATE_POLICY ?? (existsSync(defaultPolicy) ? defaultPolicy : undefined),
    llm: agentsConfig(env),
    ...detectThreadsFrom(env),
  };
}

/** $TOLLGATE_DETECT_THREADS, a whole number ≥ 1 (1 = scan on the main thread); anything else stops the command. */
function detectThreadsFrom(env: NodeJS.ProcessEnv): { detectThreads?: number } {
  const raw = env.TOLLGATE_DETECT_THREADS?.trim();
  if (!raw) return {};
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(
      `TOLLGATE_DETECT_THREADS=${JSON.stringify(raw)}: give a whole number of threads, at least 1 (1 scans on the main thread), or unset it for one per core`,
    );
  return { detectThreads: threads };
}

export function loadPolicy(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  return parsePolicy(readFileSync(path, 'utf8'), path);
}

/**
 * Agent settings: a YAML file (TOLLGATE_AGENTS_CONFIG, docs/agents.md: routes, budgets, prices,
 * provider) with the TOLLGATE_LLM_* variables on top. The API key comes only from the
 * environment, so it never sits in a file that might be committed.
 */
export function agentsConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const path = env.TOLLGATE_AGENTS_CONFIG;
  const file = path ? ((parseYaml(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>) : {};
  if ('apiKey' in file) throw new Error(`${path}: apiKey does not belong in a file; set TOLLGATE_LLM_API_KEY`);
  const fromEnv = {
    ...(env.TOLLGATE_LLM_PROVIDER ? { provider: env.TOLLGATE_LLM_PROVIDER } : {}),
    ...(env.TOLLGATE_LLM_BASE_URL ? { baseUrl: env.TOLLGATE_LLM_BASE_URL } : {}),
    ...(env.TOLLGATE_LLM_MODEL ? { model: env.TOLLGATE_LLM_MODEL } : {}),
    apiKey: env.TOLLGATE_LLM_API_KEY ?? 'not-needed',
  };
  const merged = { ...file, ...fromEnv };
  // Without any endpoint the agents use their deterministic templates.
  if (!('provider' in merged) && !('baseUrl' in merged)) Object.assign(merged, { provider: 'none' });
  const parsed = LlmConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${path ?? 'TOLLGATE_LLM_* variables'}: invalid agent settings\n${issues}\nSee docs/agents.md.`);
  }
  return parsed.data;
}
