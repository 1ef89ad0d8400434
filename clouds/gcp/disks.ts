import { createHash } from 'node:crypto';
import type { protos } from '@google-cloud/compute';
import type { Action, Resource } from '../../core/index.js';
import type { AppliedMarker } from './applied-marker.js';
import { GcpOperationError, gcpErrorText, isNotFound } from './errors.js';
import { requestIdFor, runZonalOperation, type GcpContext } from './gcp-context.js';
import { lastSegment, regionOfZone } from './instance-ref.js';
import { labelsToTags } from './labels.js';
import { diskId, parseDiskId, type DiskRef } from './resource-ref.js';

type Disk = protos.google.cloud.compute.v1.IDisk;
type Snapshot = protos.google.cloud.compute.v1.ISnapshot;

/** A zonal persistent disk as a core Resource: no `users` (instances) means unattached. */
export function diskToResource(disk: Disk, project: string): Resource {
  const zone = lastSegment(disk.zone);
  const users = disk.users ?? [];
  return {
    id: diskId({ project, zone, disk: disk.name ?? '' }),
    provider: 'gcp',
    account: project,
    region: regionOfZone(zone),
    kind: 'volume',
    name: disk.name ?? '',
    sku: lastSegment(disk.type) || 'unknown',
    state: users.length === 0 ? 'available' : 'in-use',
    tags: labelsToTags(disk.labels),
    ...(disk.sizeGb == null ? {} : { sizeGiB: Number(disk.sizeGb) }),
    ...(users.length ? { attachedTo: lastSegment(users[0]) } : {}),
    ...(disk.creationTimestamp ? { lastChangedAt: new Date(disk.creationTimestamp).toISOString() } : {}),
  };
}

export class DiskNotFound extends GcpOperationError {
  override name = 'DiskNotFound';
}

export async function readDisk(ctx: GcpContext, ref: DiskRef): Promise<Disk> {
  try {
    const [disk] = await ctx.disks.get({ ...ref });
    return disk;
  } catch (error) {
    if (isNotFound(error)) throw new DiskNotFound('disks.get', diskId(ref), 'not found in this project and zone', { cause: error });
    throw new GcpOperationError('disks.get', diskId(ref), gcpErrorText(error), { cause: error });
  }
}

/** The backup snapshot's name (RFC 1035, ≤ 63), derived from the idempotency key so every retry names the same snapshot. */
export function backupSnapshotName(idempotencyKey: string): string {
  return `tollgate-backup-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

async function readSnapshot(ctx: GcpContext, project: string, name: string, id: string): Promise<Snapshot | undefined> {
  try {
    const [snapshot] = await ctx.snapshots.get({ project, snapshot: name });
    return snapshot;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new GcpOperationError('snapshots.get', id, gcpErrorText(error), { cause: error });
  }
}

async function assertUnattached(ctx: GcpContext, ref: DiskRef): Promise<Disk> {
  const disk = await readDisk(ctx, ref);
  const users = disk.users ?? [];
  if (users.length > 0)
    throw new GcpOperationError(
      'delete-volume',
      diskId(ref),
      `the disk is attached to ${users.map(lastSegment).join(', ')}; only unattached disks are deleted: it changed since the proposal was approved`,
    );
  return disk;
}

export async function planDiskDeletion(ctx: GcpContext, action: Action): Promise<string[]> {
  const ref = parseDiskId(action.resourceId);
  const disk = await assertUnattached(ctx, ref);
  return [
    `disks.createSnapshot of ${action.resourceId} (${String(disk.sizeGb ?? '?')} GB ${lastSegment(disk.type)}) and poll the zone operation`,
    `disks.delete ${action.resourceId} and poll the zone operation`,
  ];
}

function markerOf(snapshot: Snapshot, key: string, status: AppliedMarker['status']): AppliedMarker {
  return {
    status,
    actionType: 'delete-volume',
    idempotencyKey: key,
    priorSku: snapshot.labels?.['tollgate-prior-type'] ?? 'unknown',
    currentSku: 'deleted',
    priorState: 'available',
    at: snapshot.creationTimestamp ? new Date(snapshot.creationTimestamp).toISOString() : new Date(0).toISOString(),
  };
}

/**
 * Snapshot the disk into a snapshot named from the idempotency key, then delete the disk; both
 * calls carry requestIds derived from the key. Snapshot descriptions cannot change and labels
 * cannot hold the marker's characters, so the record is the snapshot itself: it exists and its
 * source disk is gone → done. A retry that finds the snapshot and the disk only deletes.
 */
export async function applyDiskDeletion(ctx: GcpContext, action: Action, key: string): Promise<{ marker: AppliedMarker; appliedNow: boolean }> {
  const id = action.resourceId;
  const ref = parseDiskId(id);
  const name = backupSnapshotName(key);
  const existing = await readSnapshot(ctx, ref.project, name, id);
  let disk: Disk | undefined;
  try {
    disk = await assertUnattached(ctx, ref);
  } catch (error) {
    if (existing && error instanceof DiskNotFound) return { marker: markerOf(existing, key, 'done'), appliedNow: false };
    throw error;
  }
  if (!existing) {
    await runZonalOperation(ctx, ref, id, 'disks.createSnapshot', () =>
      ctx.disks.createSnapshot({
        ...ref,
        snapshotResource: {
          name,
          description: `Tollgate: backup of ${id} before deletion (${key})`,
          labels: { 'tollgate-backup': 'true', 'tollgate-prior-type': lastSegment(disk.type) || 'unknown' },
        },
        requestId: requestIdFor(key, 'createSnapshot'),
      }),
    );
  }
  await runZonalOperation(ctx, ref, id, 'disks.delete', () => ctx.disks.delete({ ...ref, requestId: requestIdFor(key, 'deleteDisk') }));
  const snapshot = await readSnapshot(ctx, ref.project, name, id);
  return { marker: markerOf(snapshot ?? {}, key, 'done'), appliedNow: true };
}

/** A finished deletion for this key: its backup snapshot exists and the source disk is gone. */
export async function findDiskDeletion(ctx: GcpContext, project: string, key: string): Promise<{ marker: AppliedMarker; diskId: string } | undefined> {
  const snapshot = await readSnapshot(ctx, project, backupSnapshotName(key), `projects/${project}`);
  const source = /projects\/[^/]+\/zones\/[^/]+\/disks\/[^/]+$/.exec(snapshot?.sourceDisk ?? '')?.[0];
  if (!snapshot || !source) return undefined;
  try {
    await readDisk(ctx, parseDiskId(source));
    return undefined;
  } catch (error) {
    if (error instanceof DiskNotFound) return { marker: markerOf(snapshot, key, 'done'), diskId: source };
    throw error;
  }
}
