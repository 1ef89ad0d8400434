import type { NetworkManagementClient, PublicIPAddress } from '@azure/arm-network';
import type { Action, Resource } from '../../core/index.js';
import { userTags } from './applied-marker.js';
import { parseArmId, type ArmRef } from './arm-id.js';
import { armCall } from './azure-context.js';
import { AzureOperationError, armErrorText, statusCodeOf } from './errors.js';

export const PUBLIC_IP_TYPE = 'Microsoft.Network/publicIPAddresses';

export interface NetworkContext {
  network: NetworkManagementClient;
  subscriptionId: string;
  pollIntervalMs: number;
}

/** What the address is used by: an IP configuration (NIC, load balancer, gateway) or a NAT gateway. */
function userOf(ip: PublicIPAddress): string | undefined {
  return ip.ipConfiguration?.id ?? ip.natGateway?.id ?? undefined;
}

/** A public IP address as a core Resource: one with no IP configuration and no NAT gateway is unassociated. */
export function publicIpToResource(ip: PublicIPAddress, subscriptionId: string): Resource {
  const user = userOf(ip);
  return {
    id: ip.id ?? '',
    provider: 'azure',
    account: subscriptionId,
    region: ip.location ?? 'unknown',
    kind: 'address',
    name: ip.name ?? ip.ipAddress ?? '',
    sku: `public-ip-${(ip.sku?.name ?? 'Basic').toLowerCase()}`,
    state: user ? 'in-use' : 'available',
    tags: userTags(ip.tags),
    ...(user ? { attachedTo: user } : {}),
  };
}

export class PublicIpNotFound extends AzureOperationError {
  override name = 'PublicIpNotFound';
}

export async function readPublicIp(ctx: NetworkContext, ref: ArmRef, id: string): Promise<PublicIPAddress> {
  try {
    return await ctx.network.publicIPAddresses.get(ref.resourceGroup, ref.name);
  } catch (error) {
    if (statusCodeOf(error) === 404) throw new PublicIpNotFound('publicIPAddresses.get', id, 'not found in this subscription', { cause: error });
    throw new AzureOperationError('publicIPAddresses.get', id, armErrorText(error), { cause: error });
  }
}

async function assertUnassociated(ctx: NetworkContext, id: string): Promise<PublicIPAddress> {
  const ip = await readPublicIp(ctx, parseArmId(id, PUBLIC_IP_TYPE), id);
  const user = userOf(ip);
  if (user)
    throw new AzureOperationError('release-address', id, `the address ${ip.ipAddress ?? ''} is associated (${user}); only unassociated addresses are released`);
  return ip;
}

/** Validation in place of a dry run: the address exists and is still unassociated. */
export async function planRelease(ctx: NetworkContext, action: Action): Promise<string[]> {
  const ip = await assertUnassociated(ctx, action.resourceId);
  return [`publicIPAddresses.delete ${action.resourceId} (${ip.ipAddress ?? 'no address assigned'}) and wait for the long-running operation`];
}

/** Re-validates, then deletes; returns the address it had. A deleted address leaves nothing to tag (see AzureCloud.apply). */
export async function releasePublicIp(ctx: NetworkContext, action: Action): Promise<string> {
  const id = action.resourceId;
  const ip = await assertUnassociated(ctx, id);
  const ref = parseArmId(id, PUBLIC_IP_TYPE);
  await armCall('publicIPAddresses.delete', id, () =>
    ctx.network.publicIPAddresses.beginDeleteAndWait(ref.resourceGroup, ref.name, { updateIntervalInMs: ctx.pollIntervalMs }),
  );
  return ip.ipAddress ?? 'public-ip';
}
