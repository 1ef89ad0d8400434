import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';

/**
 * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI) pinned to a
 * tenant, an authority (sovereign clouds) and, per worker, the client id of its own identity.
 */
export function defaultAzureCredential(options: { tenantId?: string; clientId?: string; authorityHost?: string }): TokenCredential {
  return new DefaultAzureCredential({
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
    ...(options.clientId ? { managedIdentityClientId: options.clientId, workloadIdentityClientId: options.clientId } : {}),
  });
}
