import type { protos } from '@google-cloud/compute';
import type { Action, Resource } from '../../core/index.js';
import { GcpOperationError, gcpErrorText, isNotFound } from './errors.js';
import { requestIdFor, runRegionOperation, type GcpContext } from './gcp-context.js';
import { lastSegment } from './instance-ref.js';
import { labelsToTags } from './labels.js';
import { addressId, parseAddressId, type AddressRef } from './resource-ref.js';

type Address = protos.google.cloud.compute.v1.IAddress;

/** A regional external address as a core Resource: status RESERVED (no users) is unassociated and still billed. */
export function addressToResource(address: Address, project: string): Resource {
  const region = lastSegment(address.region);
  const users = address.users ?? [];
  return {
    id: addressId({ project, region, address: address.name ?? '' }),
    provider: 'gcp',
    account: project,
    region,
    kind: 'address',
    name: address.name ?? address.address ?? '',
    sku: `${String(address.addressType ?? 'EXTERNAL').toLowerCase()}-ip`,
    state: address.status === 'RESERVED' && users.length === 0 ? 'available' : address.status === 'IN_USE' || users.length ? 'in-use' : 'unknown',
    tags: labelsToTags(address.labels),
    ...(users.length ? { attachedTo: users[0]! } : {}),
  };
}

/** Only external addresses cost money while reserved; internal ones are left out of the inventory. */
export const isExternal = (address: Address) => String(address.addressType ?? 'EXTERNAL') === 'EXTERNAL';

export class AddressNotFound extends GcpOperationError {
  override name = 'AddressNotFound';
}

export async function readAddress(ctx: GcpContext, ref: AddressRef): Promise<Address> {
  try {
    const [address] = await ctx.addresses.get({ ...ref });
    return address;
  } catch (error) {
    if (isNotFound(error)) throw new AddressNotFound('addresses.get', addressId(ref), 'not found in this project and region', { cause: error });
    throw new GcpOperationError('addresses.get', addressId(ref), gcpErrorText(error), { cause: error });
  }
}

async function assertReserved(ctx: GcpContext, ref: AddressRef): Promise<Address> {
  const address = await readAddress(ctx, ref);
  if (address.status !== 'RESERVED' || (address.users ?? []).length > 0)
    throw new GcpOperationError(
      'release-address',
      addressId(ref),
      `the address ${address.address ?? ''} is ${String(address.status)} (used by ${(address.users ?? []).map(lastSegment).join(', ') || 'nothing'}); only RESERVED addresses are released`,
    );
  return address;
}

export async function planRelease(ctx: GcpContext, action: Action): Promise<string[]> {
  const address = await assertReserved(ctx, parseAddressId(action.resourceId));
  return [`addresses.delete ${action.resourceId} (${address.address ?? 'no address'}) and poll the region operation`];
}

/** Re-validates, then deletes with a requestId derived from the key; returns the address it had. */
export async function releaseAddress(ctx: GcpContext, action: Action, key: string): Promise<string> {
  const ref = parseAddressId(action.resourceId);
  const address = await assertReserved(ctx, ref);
  await runRegionOperation(ctx, ref, action.resourceId, 'addresses.delete', () =>
    ctx.addresses.delete({ ...ref, requestId: requestIdFor(key, 'deleteAddress') }),
  );
  return address.address ?? 'address';
}
