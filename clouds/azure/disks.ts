import { createHash } from 'node:crypto';
import type { Disk, Snapshot } from '@azure/arm-compute';
import type { Action, Resource } from '../../core/index.js';
import { MARKER_PREFIX, readMarker, tagsWithMarker, userTags, type AppliedMarker } from './applied-marker.js';
import { parseArmId, type ArmRef } from './arm-id.js';
import { armCall, type AzureContext } from './azure-context.js';
import { AzureOperationError, armErrorText, statusCodeOf } from './errors.js';

export const DISK_TYPE = 'Microsoft.Compute/disks';

/** A managed disk as a core Resource: `Unattached` is the only state Tollgate calls available. */
export function diskToResource(disk: Disk, subscriptionId: string): Resource {
  const attached = disk.managedBy ?? disk.managedByExtended?.[0];
  return {
    id: disk.id ?? '',
    provider: 'azure',
    account: subscriptionId,
    region: disk.location,
    kind: 'volume',
    name: disk.name ?? '',
    sku: disk.sku?.name ?? 'unknown',
    state: disk.diskState === 'Unattached' && !attached ? 'available' : disk.diskState ? 'in-use' : 'unknown',
    tags: userTags(disk.tags),
    ...(disk.diskSizeGB === undefined ? {} : { sizeGiB: disk.diskSizeGB }),
    ...(attached ? { attachedTo: attached } : {}),
    ...(disk.timeCreated ? { lastChangedAt: disk.timeCreated.toISOString() } : {}),
  };
}

export class DiskNotFound extends AzureOperationError {
  override name = 'DiskNotFound';
}

export async function readDisk(ctx: AzureContext, ref: ArmRef, id: string): Promise<Disk> {
  try {
    return await ctx.compute.disks.get(ref.resourceGroup, ref.name);
  } catch (error) {
    if (statusCodeOf(error) === 404) throw new DiskNotFound('disks.get', id, 'not found in this subscription', { cause: error });
    throw new AzureOperationError('disks.get', id, armErrorText(error), { cause: error });
  }
}

/** The backup snapshot's name, derived from the idempotency key: a retried PUT finds (and repeats) the same snapshot. */
export function backupSnapshotName(idempotencyKey: string): string {
  return `tollgate-backup-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

async function readSnapshot(ctx: AzureContext, resourceGroup: string, name: string): Promise<Snapshot | undefined> {
  try {
    return await ctx.compute.snapshots.get(resourceGroup, name);
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

async function assertUnattached(ctx: AzureContext, ref: ArmRef, id: string): Promise<Disk> {
  const disk = await readDisk(ctx, ref, id);
  if (disk.diskState !== 'Unattached' || disk.managedBy) {
    throw new AzureOperationError(
      'delete-volume',
      id,
      `the disk is ${disk.diskState ?? 'unknown'} (managed by ${disk.managedBy ?? 'nothing'}); only unattached disks are deleted: it changed since the proposal was approved`,
    );
  }
  return disk;
}

/** Validation in place of a dry run (ARM has none): the disk exists and is still Unattached. */
export async function planDiskDeletion(ctx: AzureContext, action: Action): Promise<string[]> {
  const ref = parseArmId(action.resourceId, DISK_TYPE);
  const disk = await assertUnattached(ctx, ref, action.resourceId);
  return [
    `snapshots.createOrUpdate ${backupSnapshotName('…')} (full copy of ${disk.name ?? ref.name}, ${disk.diskSizeGB ?? '?'} GiB ${disk.sku?.name ?? ''}) and wait for the long-running operation`,
    `disks.delete ${action.resourceId} and wait for the long-running operation`,
  ];
}

/**
 * Snapshot (a full copy, named from the idempotency key and carrying the marker as a tag), then
 * delete the disk, then mark the snapshot done. A retry finds the snapshot: `done` → nothing to
 * do; `pending` → only the delete and the marker are left.
 */
export async function applyDiskDeletion(
  ctx: AzureContext,
  action: Action,
  key: string,
): Promise<{ marker: AppliedMarker; snapshotId: string; appliedNow: boolean }> {
  const id = action.resourceId;
  const ref = parseArmId(id, DISK_TYPE);
  const name = backupSnapshotName(key);
  const existing = await armCall('snapshots.get', id, () => readSnapshot(ctx, ref.resourceGroup, name));
  const found = readMarker(existing?.tags, key);
  if (found?.status === 'done') return { marker: found, snapshotId: existing?.id ?? name, appliedNow: false };
  let marker = found;
  let snapshot = existing;
  if (!marker || !snapshot) {
    const disk = await assertUnattached(ctx, ref, id);
    marker = {
      status: 'pending',
      actionType: 'delete-volume',
      idempotencyKey: key,
      priorSku: disk.sku?.name ?? 'unknown',
      currentSku: 'deleted',
      priorState: 'available',
      at: ctx.clock(),
    };
    const body: Snapshot = {
      location: disk.location,
      tags: { ...tagsWithMarker({}, marker), 'tollgate:source-volume': id },
      creationData: { createOption: 'Copy', sourceResourceId: id },
      incremental: false,
    };
    snapshot = await armCall('snapshots.createOrUpdate', id, () =>
      ctx.compute.snapshots.createOrUpdate(ref.resourceGroup, name, body, { updateIntervalInMs: ctx.pollIntervalMs }),
    );
  }
  try {
    await assertUnattached(ctx, ref, id);
    await armCall('disks.delete', id, () => ctx.compute.disks.delete(ref.resourceGroup, ref.name, { updateIntervalInMs: ctx.pollIntervalMs }));
  } catch (error) {
    // Resuming after a crash between the delete and the marker update: the disk is already gone.
    if (!(found && error instanceof DiskNotFound)) throw error;
  }
  const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
  const tags = { ...tagsWithMarker(snapshot.tags, done) };
  await armCall('snapshots.update', id, () => ctx.compute.snapshots.update(ref.resourceGroup, name, { tags }, { updateIntervalInMs: ctx.pollIntervalMs }));
  return { marker: done, snapshotId: snapshot.id ?? name, appliedNow: true };
}

/** A `done` deletion recorded on a backup snapshot anywhere in the subscription. */
export async function findDiskDeletion(ctx: AzureContext, key: string): Promise<{ marker: AppliedMarker; diskId: string; region: string } | undefined> {
  for await (const snapshot of ctx.compute.snapshots.list()) {
    if (!snapshot.tags?.[`${MARKER_PREFIX}${key}`]) continue;
    const marker = readMarker(snapshot.tags, key);
    const diskId = snapshot.tags['tollgate:source-volume'];
    if (marker?.status === 'done' && diskId) return { marker, diskId, region: snapshot.location };
  }
  return undefined;
}
