import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  type Address,
  type EC2Client,
  type Instance,
  type Tag,
  type Volume,
} from '@aws-sdk/client-ec2';
import type { Resource } from '../../core/index.js';
import { isMarkerTag } from './applied-marker.js';
import { AwsOperationError, awsErrorCode } from './errors.js';

export interface InventoryContext {
  ec2: EC2Client;
  region: string;
  account: string;
}

/** User tags as a record; Tollgate's own idempotency markers are bookkeeping, not resource facts. */
function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key && !isMarkerTag(tag.Key)) out[tag.Key] = tag.Value ?? '';
  return out;
}

function latestMarkerAt(tags: readonly Tag[] | undefined): string | undefined {
  const times = (tags ?? []).filter((t) => t.Key && isMarkerTag(t.Key) && t.Value?.startsWith('done|')).map((t) => t.Value!.split('|').at(-1)!);
  return times.sort().at(-1);
}

function instanceState(name: string | undefined): Resource['state'] {
  if (name === 'running' || name === 'pending') return 'running';
  if (name === 'stopped' || name === 'stopping') return 'stopped';
  return 'unknown';
}

export function instanceToResource(instance: Instance, ctx: InventoryContext, owner?: string): Resource {
  const tags = tagsOf(instance.Tags);
  const lastChangedAt = latestMarkerAt(instance.Tags) ?? instance.LaunchTime?.toISOString();
  return {
    id: instance.InstanceId ?? '',
    provider: 'aws',
    account: owner ?? ctx.account,
    region: ctx.region,
    kind: 'vm',
    name: tags.Name ?? '',
    sku: instance.InstanceType ?? 'unknown',
    state: instanceState(instance.State?.Name),
    tags,
    ...(lastChangedAt ? { lastChangedAt } : {}),
  };
}

export function volumeToResource(volume: Volume, ctx: InventoryContext): Resource {
  const tags = tagsOf(volume.Tags);
  return {
    id: volume.VolumeId ?? '',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    kind: 'volume',
    name: tags.Name ?? '',
    sku: volume.VolumeType ?? 'unknown',
    state: volume.State === 'available' ? 'available' : volume.State === 'in-use' ? 'in-use' : 'unknown',
    tags,
    ...(volume.CreateTime ? { lastChangedAt: volume.CreateTime.toISOString() } : {}),
  };
}

export function addressToResource(address: Address, ctx: InventoryContext): Resource {
  const tags = tagsOf(address.Tags);
  return {
    id: address.AllocationId ?? address.PublicIp ?? '',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    kind: 'address',
    name: tags.Name ?? address.PublicIp ?? '',
    sku: 'elastic-ip',
    state: address.AssociationId ? 'in-use' : 'available',
    tags,
  };
}

export async function listInventory(ctx: InventoryContext): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const page of paginateDescribeInstances({ client: ctx.ec2 }, {})) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.State?.Name === 'terminated') continue;
        resources.push(instanceToResource(instance, ctx, reservation.OwnerId));
      }
    }
  }
  for await (const page of paginateDescribeVolumes({ client: ctx.ec2 }, {})) {
    for (const volume of page.Volumes ?? []) resources.push(volumeToResource(volume, ctx));
  }
  const addresses = await ctx.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'domain', Values: ['vpc'] }] }));
  for (const address of addresses.Addresses ?? []) resources.push(addressToResource(address, ctx));
  return resources;
}

/** The raw instance, for mutations that need more than the Resource view. */
export async function describeInstance(ctx: InventoryContext, instanceId: string): Promise<Instance> {
  const instance = await notFoundAs('DescribeInstances', instanceId, async () => {
    const out = await ctx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return out.Reservations?.[0]?.Instances?.[0];
  });
  if (instance.State?.Name === 'terminated') throw new AwsOperationError('DescribeInstances', instanceId, 'the instance is terminated');
  return instance;
}

export async function describeVolume(ctx: InventoryContext, volumeId: string): Promise<Volume> {
  return notFoundAs('DescribeVolumes', volumeId, async () => (await ctx.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0]);
}

export async function describeAddress(ctx: InventoryContext, allocationId: string): Promise<Address> {
  return notFoundAs(
    'DescribeAddresses',
    allocationId,
    async () => (await ctx.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }))).Addresses?.[0],
  );
}

export async function getInventoryResource(ctx: InventoryContext, id: string): Promise<Resource> {
  if (id.startsWith('i-')) return instanceToResource(await describeInstance(ctx, id), ctx);
  if (id.startsWith('vol-')) return volumeToResource(await describeVolume(ctx, id), ctx);
  if (id.startsWith('eipalloc-')) return addressToResource(await describeAddress(ctx, id), ctx);
  throw new AwsOperationError('Describe', id, 'not an EC2 instance (i-…), EBS volume (vol-…) or Elastic IP allocation (eipalloc-…) id');
}

/** Missing resources come back as a named error, whether EC2 throws *.NotFound or returns nothing. */
async function notFoundAs<T>(operation: string, id: string, read: () => Promise<T | undefined>): Promise<T> {
  let found: T | undefined;
  try {
    found = await read();
  } catch (error) {
    const code = awsErrorCode(error) ?? '';
    if (code.endsWith('NotFound') || code.endsWith('Malformed')) throw new ResourceNotFound(operation, id, code);
    throw error;
  }
  if (found === undefined) throw new ResourceNotFound(operation, id, 'no such resource');
  return found;
}

export class ResourceNotFound extends AwsOperationError {
  override name = 'ResourceNotFound';
  constructor(operation: string, id: string, code: string) {
    super(operation, id, `not found in this account and region (${code})`);
  }
}
