import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlmConfigSchema, type LlmConfig } from '../agents/index.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../guardrails/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where things live, from the environment, with defaults that work in a checkout. */
export interface RuntimeConfig {
  home: string;
  temporalAddress: string;
  namespace: string;
  estatePath: string;
  statePath: string;
  auditPath: string;
  policyPath: string | undefined;
  llm: LlmConfig;
}

export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const home = resolve(env.TOLLGATE_HOME ?? join(process.cwd(), '.tollgate'));
  const defaultPolicy = join(REPO_ROOT, 'tollgate.policy.yaml');
  return {
    home,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    estatePath: resolve(env.TOLLGATE_ESTATE ?? join(REPO_ROOT, 'clouds/sandbox/fixtures/sample-estate.json')),
    statePath: resolve(env.TOLLGATE_SANDBOX_STATE ?? join(home, 'sandbox-state.json')),
    auditPath: resolve(env.TOLLGATE_AUDIT_DB ?? join(home, 'audit.sqlite')),
    policyPath: env.TOLLGATE_POLICY ?? (existsSync(defaultPolicy) ? defaultPolicy : undefined),
    llm: LlmConfigSchema.parse({
      provider: env.TOLLGATE_LLM_PROVIDER ?? (env.TOLLGATE_LLM_BASE_URL ? 'openai-compatible' : 'none'),
      baseUrl: env.TOLLGATE_LLM_BASE_URL,
      apiKey: env.TOLLGATE_LLM_API_KEY ?? 'not-needed',
      model: env.TOLLGATE_LLM_MODEL ?? 'gpt-4o-mini',
    }),
  };
}

export function loadPolicy(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  return parsePolicy(readFileSync(path, 'utf8'), path);
}
