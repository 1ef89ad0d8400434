import { CreateSnapshotCommand, DeleteVolumeCommand, waitUntilSnapshotCompleted } from '@aws-sdk/client-ec2';
import { markerKey, writeMarker, type AppliedMarker } from './applied-marker.js';
import { assertDryRunPasses } from './dry-run.js';
import { AwsOperationError } from './errors.js';
import { describeVolume, ResourceNotFound } from './inventory.js';
import type { Ec2Mutation, MutationContext } from './mutation-context.js';

async function assertUnattached(ctx: MutationContext, volumeId: string) {
  const volume = await describeVolume(ctx, volumeId);
  if (volume.State !== 'available' || (volume.Attachments ?? []).length > 0) {
    throw new AwsOperationError(
      'DeleteVolume',
      volumeId,
      `the volume is ${volume.State ?? 'unknown'} (attached to ${volume.Attachments?.map((a) => a.InstanceId).join(', ') || 'nothing'}); only unattached volumes are deleted`,
    );
  }
  return volume;
}

/**
 * Snapshot, wait for the snapshot, then delete the unattached volume. The volume disappears, so
 * the idempotency marker lives on the snapshot, set atomically by CreateSnapshot's TagSpecifications.
 */
export const deleteUnattachedVolume: Ec2Mutation = {
  async plan(ctx, action) {
    const id = action.resourceId;
    const volume = await assertUnattached(ctx, id);
    await assertDryRunPasses('CreateSnapshot', id, () => ctx.ec2.send(new CreateSnapshotCommand({ VolumeId: id, DryRun: true })));
    await assertDryRunPasses('DeleteVolume', id, () => ctx.ec2.send(new DeleteVolumeCommand({ VolumeId: id, DryRun: true })));
    return [`CreateSnapshot of ${id} (${volume.Size ?? '?'} GiB ${volume.VolumeType ?? ''}) and wait until completed`, `DeleteVolume ${id}`];
  },

  async apply(ctx, action, idempotencyKey, resume) {
    const id = action.resourceId;
    let marker = resume;
    if (!marker) {
      const volume = await assertUnattached(ctx, id);
      await assertDryRunPasses('CreateSnapshot', id, () => ctx.ec2.send(new CreateSnapshotCommand({ VolumeId: id, DryRun: true })));
      await assertDryRunPasses('DeleteVolume', id, () => ctx.ec2.send(new DeleteVolumeCommand({ VolumeId: id, DryRun: true })));
      const pending: Omit<AppliedMarker, 'holderId'> = {
        status: 'pending',
        actionType: 'delete-volume',
        resourceId: id,
        idempotencyKey,
        priorSku: volume.VolumeType ?? 'unknown',
        currentSku: 'deleted',
        priorState: volume.State ?? 'available',
        at: ctx.clock(),
      };
      const value = ['pending', 'delete-volume', id, pending.priorSku, 'deleted', pending.priorState, pending.at].join('|');
      const snapshot = await ctx.ec2.send(
        new CreateSnapshotCommand({
          VolumeId: id,
          Description: `Tollgate: backup of ${id} before deletion (${idempotencyKey})`,
          TagSpecifications: [
            {
              ResourceType: 'snapshot',
              Tags: [
                { Key: markerKey(idempotencyKey), Value: value },
                { Key: 'tollgate:source-volume', Value: id },
              ],
            },
          ],
        }),
      );
      if (!snapshot.SnapshotId) throw new AwsOperationError('CreateSnapshot', id, 'EC2 returned no snapshot id; the volume was not deleted');
      marker = { ...pending, holderId: snapshot.SnapshotId };
    }
    await waitUntilSnapshotCompleted(
      { client: ctx.ec2, maxWaitTime: ctx.waiterMaxSeconds, minDelay: ctx.waiterMinDelaySeconds, maxDelay: Math.max(ctx.waiterMinDelaySeconds, 15) },
      { SnapshotIds: [marker.holderId] },
    );
    try {
      await assertUnattached(ctx, id);
      await assertDryRunPasses('DeleteVolume', id, () => ctx.ec2.send(new DeleteVolumeCommand({ VolumeId: id, DryRun: true })));
      await ctx.ec2.send(new DeleteVolumeCommand({ VolumeId: id }));
    } catch (error) {
      // Resuming after a crash between DeleteVolume and the marker update: the volume is already gone.
      if (!(resume && error instanceof ResourceNotFound)) throw error;
    }
    const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
    await writeMarker(ctx.ec2, done);
    return done;
  },
};
