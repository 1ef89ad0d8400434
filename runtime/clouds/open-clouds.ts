import { join } from 'node:path';
import { ScopedCloud, type CloudScope, type SkippedScope } from '../../clouds/scoped-cloud.js';
import type { CloudProvider } from '../../clouds/provider.js';
import type { Provider } from '../../core/index.js';
import type { RuntimeConfig } from '../config.js';
import type { LoadedDeployment } from '../load-deployment-config.js';
import { openSandbox } from '../sandbox.js';
import { planAwsScopes } from './aws-scopes.js';
import { planAzureScopes } from './azure-scopes.js';
import { planGcpScopes } from './gcp-scopes.js';
import { briefly, ScopeUnavailable, type PlannedScope, type WorkerRole } from './planned-scope.js';

/** The clouds one worker (or command) may use, opened and proven at start. */
export interface OpenedClouds {
  /** One CloudProvider per provider: the sandbox, or a ScopedCloud over that provider's scopes. */
  providers: Map<Provider, CloudProvider>;
  /** Scopes in use: `aws account 111111111111 us-east-1 (read-write)`. */
  scopes: { provider: Provider; label: string; access: 'read-write' | 'read-only' }[];
  /** Scopes the config names that could not be opened, each with what to do; the rest still run. */
  skipped: SkippedScope[];
  /** Where the config came from, for messages. */
  source: string;
  /** True when a deployment config file named the clouds (each run then records its scopes). */
  fromFile: boolean;
}

/** How long one scope may take to prove itself before it is skipped as unreachable. */
const PROBE_TIMEOUT_MS = 20_000;

/**
 * Turns tollgate.yaml into providers for one worker role. Each scope is opened with that role's
 * credentials and probed (credentials, the account they reach, prices, a first inventory read);
 * a scope that fails is skipped with its reason, and the others still run. Excluded scopes are
 * never opened. A scope cannot be half-open: no provider is handed out for a skipped one.
 */
export async function openClouds(
  deployment: LoadedDeployment,
  config: RuntimeConfig,
  role: WorkerRole,
  env: NodeJS.ProcessEnv = process.env,
  probeTimeoutMs = Number(env.TOLLGATE_SCOPE_PROBE_MS ?? PROBE_TIMEOUT_MS),
): Promise<OpenedClouds> {
  const { clouds } = deployment.config;
  const source = deployment.path ?? 'the built-in default (sandbox only; set --config or TOLLGATE_CONFIG)';
  const providers = new Map<Provider, CloudProvider>();
  const opened: OpenedClouds['scopes'] = [];
  const skipped: SkippedScope[] = [];
  if (clouds.sandbox) {
    providers.set('sandbox', openSandbox(config, clouds.sandbox.estate));
    opened.push({ provider: 'sandbox', label: 'sandbox estate', access: 'read-write' });
  }
  const planned: PlannedScope[] = [];
  if (clouds.aws) {
    const aws = await planAwsScopes(clouds.aws, role, join(config.home, 'prices', 'aws'));
    planned.push(...aws.scopes);
    skipped.push(...aws.skipped.map((s) => ({ provider: 'aws' as const, ...s })));
  }
  if (clouds.azure) planned.push(...planAzureScopes(clouds.azure, role, env, join(config.home, 'prices', 'azure')));
  if (clouds.gcp) planned.push(...planGcpScopes(clouds.gcp, role, env, join(config.home, 'prices', 'gcp')));

  const results = await Promise.all(planned.map(async (scope) => ({ scope, result: await probe(scope, probeTimeoutMs) })));
  const byProvider = new Map<Provider, CloudScope[]>();
  for (const { scope, result } of results) {
    if ('reason' in result) {
      skipped.push({ provider: scope.provider, label: scope.label, reason: result.reason });
      continue;
    }
    const list = byProvider.get(scope.provider) ?? [];
    list.push({ label: scope.label, access: scope.access, cloud: result.cloud, owns: (r) => scope.owns(r) });
    byProvider.set(scope.provider, list);
    opened.push({ provider: scope.provider, label: scope.label, access: scope.access });
  }
  for (const [provider, scopes] of byProvider) providers.set(provider, new ScopedCloud(provider, scopes));
  return { providers, scopes: opened, skipped, source, fromFile: deployment.path !== undefined };
}

async function probe(scope: PlannedScope, timeoutMs: number): Promise<{ cloud: CloudProvider } | { reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ reason: `no answer within ${timeoutMs / 1000} s: check the endpoint and the network` }), timeoutMs);
  });
  try {
    return await Promise.race([scope.open().then((cloud) => ({ cloud })), timeout]);
  } catch (error) {
    return { reason: error instanceof ScopeUnavailable ? error.message : briefly(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The message a worker prints at start for each skipped scope. */
export function describeSkipped(skipped: readonly SkippedScope[]): string {
  return skipped.map((s) => `  - ${s.label}: ${s.reason}`).join('\n');
}
