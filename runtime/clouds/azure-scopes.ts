import { readFileSync } from 'node:fs';
import { AzureCloud, defaultAzureCredential, StaticTokenCredential } from '../../clouds/azure/index.js';
import { AzureRetailPrices, NoPricesForRegion } from '../../clouds/pricing/index.js';
import type { AzureConfig } from '../deployment-schema.js';
import { briefly, isUnreachable, ScopeUnavailable, type PlannedScope, type WorkerRole } from './planned-scope.js';

/** One scope per subscription; each worker signs in as its own identity (`analysis` / `actions` client id). */
export function planAzureScopes(azure: AzureConfig, role: WorkerRole, env: NodeJS.ProcessEnv, pricesCacheDir?: string): PlannedScope[] {
  return azure.subscriptions
    .filter((s) => s.access !== 'excluded')
    .map((s) => {
      const access = s.access === 'read-only' ? ('read-only' as const) : ('read-write' as const);
      const label = `azure subscription ${s.id}${s.name ? ` (${s.name})` : ''}`;
      return {
        provider: 'azure' as const,
        label,
        access,
        owns: (r) => r.id.toLowerCase().startsWith(`/subscriptions/${s.id.toLowerCase()}/`),
        async open() {
          const identity = role === 'actions' && access === 'read-write' ? azure.actions : azure.analysis;
          const token = env.TOLLGATE_AZURE_STATIC_TOKEN;
          if (azure.staticToken && !token)
            throw new ScopeUnavailable(
              'azure.staticToken is set but TOLLGATE_AZURE_STATIC_TOKEN is not: set it, or remove staticToken to use DefaultAzureCredential',
            );
          const credential = azure.staticToken
            ? new StaticTokenCredential(token!)
            : defaultAzureCredential({
                ...(azure.tenantId ? { tenantId: azure.tenantId } : {}),
                ...(identity?.clientId ? { clientId: identity.clientId } : {}),
                ...(azure.authorityHost ? { authorityHost: azure.authorityHost } : {}),
              });
          const cloud = new AzureCloud({
            subscriptionId: s.id,
            credential,
            ...(azure.endpoint ? { endpoint: azure.endpoint } : {}),
            ...(azure.tlsCaFile ? { tlsCa: readFileSync(azure.tlsCaFile, 'utf8') } : {}),
            ...(env.TOLLGATE_AZURE_POLL_MS ? { pollIntervalMs: Number(env.TOLLGATE_AZURE_POLL_MS) } : {}),
            ...(azure.retailPrices && pricesCacheDir
              ? {
                  retailPrices: new AzureRetailPrices({
                    cacheDir: pricesCacheDir,
                    maxAgeDays: azure.retailPrices.maxAgeDays,
                    ...(azure.retailPrices.endpoint ? { endpoint: azure.retailPrices.endpoint } : {}),
                  }),
                }
              : {}),
          });
          await cloud.listResources().catch((error: unknown) => {
            throw new ScopeUnavailable(azureAdvice(error, azure, role, s.id));
          });
          // Prices are proven at start like credentials: a VM in a region nothing prices stops the scope here, not mid-run.
          await cloud.catalog().catch((error: unknown) => {
            if (error instanceof NoPricesForRegion) {
              throw new ScopeUnavailable(
                `no list prices for region ${error.region}: Tollgate cannot price a change there. Add azure.retailPrices to the config (the public Azure Retail Prices API), or exclude the subscription (docs/clouds.md, Prices)`,
              );
            }
            throw new ScopeUnavailable(`no list prices: ${briefly(error)}. Check azure.retailPrices.endpoint and the network`);
          });
          return cloud;
        },
      };
    });
}

function azureAdvice(error: unknown, azure: AzureConfig, role: WorkerRole, subscriptionId: string): string {
  const text = briefly(error);
  const identity = (role === 'actions' ? azure.actions : azure.analysis)?.clientId;
  const assignee = identity ? `--assignee ${identity}` : `--assignee <the ${role} worker's principal>`;
  if (/CredentialUnavailable|AggregateAuthenticationError|ChainedTokenCredential|authentication failed/i.test(text)) {
    return `no Azure credential (${text}): sign in with "az login", or give the ${role} worker a managed or workload identity (docs/clouds.md)`;
  }
  if (isUnreachable(error)) return `${azure.endpoint ?? 'Azure Resource Manager'} is not reachable (${text}): check azure.endpoint and the network`;
  if (/AuthorizationFailed|Forbidden|HTTP 403/i.test(text)) {
    const [roleAdvice, roleName] =
      role === 'analysis'
        ? ['Reader and Monitoring Reader (or examples/permissions/azure-analysis-role.json)', 'Reader']
        : ['the custom role in examples/permissions/azure-actions-role.json', '"Tollgate Actions"'];
    return `the ${role} identity has no role in subscription ${subscriptionId} (${text}): assign it ${roleAdvice}, e.g. az role assignment create ${assignee} --role ${roleName} --scope /subscriptions/${subscriptionId}; a new assignment can take minutes to apply`;
  }
  if (/AuthenticationFailed|InvalidAuthenticationToken|ExpiredAuthenticationToken|HTTP 401/i.test(text)) {
    return `Azure Resource Manager rejected the ${role} worker's token (${text}): sign in again ("az login"), and check that azure.tenantId is the subscription's tenant`;
  }
  if (/SubscriptionNotFound|InvalidSubscriptionId|HTTP 404/i.test(text)) {
    return `subscription ${subscriptionId} was not found (${text}): check the id and that it belongs to ${azure.tenantId ? `tenant ${azure.tenantId}` : 'the signed-in tenant'}`;
  }
  return `${text}: check the subscription id and the ${role} identity's role assignment (docs/clouds.md)`;
}
