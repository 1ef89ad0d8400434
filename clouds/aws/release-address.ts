import { ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import type { AppliedMarker } from './applied-marker.js';
import { assertDryRunPasses } from './dry-run.js';
import { AwsOperationError } from './errors.js';
import { describeAddress } from './inventory.js';
import type { Ec2Mutation, MutationContext } from './mutation-context.js';

async function assertUnassociated(ctx: MutationContext, allocationId: string) {
  const address = await describeAddress(ctx, allocationId);
  if (address.AssociationId) {
    throw new AwsOperationError(
      'ReleaseAddress',
      allocationId,
      `the address ${address.PublicIp ?? ''} is associated (${address.AssociationId}); only unassociated addresses are released`,
    );
  }
  return address;
}

/**
 * Releases an unassociated Elastic IP. A released address leaves nothing to carry a tag, so the
 * idempotency marker cannot outlive it: the adapter keeps the result in memory for this process,
 * and a retry in another process finds the allocation gone and reports "already released"
 * (appliedNow: false) instead of releasing anything.
 */
export const releaseUnassociatedAddress: Ec2Mutation = {
  async plan(ctx, action) {
    const address = await assertUnassociated(ctx, action.resourceId);
    await assertDryRunPasses('ReleaseAddress', action.resourceId, () =>
      ctx.ec2.send(new ReleaseAddressCommand({ AllocationId: action.resourceId, DryRun: true })),
    );
    return [`ReleaseAddress ${action.resourceId} (${address.PublicIp ?? 'no public ip'})`];
  },

  async apply(ctx, action, idempotencyKey) {
    const id = action.resourceId;
    const address = await assertUnassociated(ctx, id);
    await assertDryRunPasses('ReleaseAddress', id, () => ctx.ec2.send(new ReleaseAddressCommand({ AllocationId: id, DryRun: true })));
    const marker: AppliedMarker = {
      status: 'pending',
      actionType: 'release-address',
      resourceId: id,
      holderId: id,
      idempotencyKey,
      priorSku: address.PublicIp ?? 'elastic-ip',
      currentSku: 'released',
      priorState: 'available',
      at: ctx.clock(),
    };
    await ctx.ec2.send(new ReleaseAddressCommand({ AllocationId: id }));
    return { ...marker, status: 'done', at: ctx.clock() };
  },
};
