import { StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { writeMarker, type AppliedMarker } from './applied-marker.js';
import { assertDryRunPasses } from './dry-run.js';
import { AwsOperationError } from './errors.js';
import { describeInstance } from './inventory.js';
import { startAndWait, stopAndWait, type Ec2Mutation } from './mutation-context.js';

/** Scheduled stop or start: the instance must be in the opposite state (or already there after a resumed apply). */
function powerMutation(target: 'stopped' | 'running'): Ec2Mutation {
  const from = target === 'stopped' ? 'running' : 'stopped';
  const operation = target === 'stopped' ? 'StopInstances' : 'StartInstances';
  const dryRun = (ctx: Parameters<Ec2Mutation['plan']>[0], id: string) =>
    assertDryRunPasses(operation, id, () =>
      ctx.ec2.send(
        target === 'stopped' ? new StopInstancesCommand({ InstanceIds: [id], DryRun: true }) : new StartInstancesCommand({ InstanceIds: [id], DryRun: true }),
      ),
    );
  const readState = async (ctx: Parameters<Ec2Mutation['plan']>[0], id: string, resuming: boolean) => {
    const instance = await describeInstance(ctx, id);
    const state = instance.State?.Name ?? 'unknown';
    const acceptable = resuming ? [from, target, 'stopping', 'pending'] : [from];
    if (!acceptable.includes(state))
      throw new AwsOperationError(operation, id, `the instance is ${state}, not ${from}: it changed since the proposal was approved`);
    return { state, type: instance.InstanceType ?? 'unknown' };
  };
  return {
    async plan(ctx, action) {
      await readState(ctx, action.resourceId, false);
      await dryRun(ctx, action.resourceId);
      return [`${operation} ${action.resourceId} (wait until ${target})`];
    },
    async apply(ctx, action, idempotencyKey, resume) {
      const id = action.resourceId;
      const { state } = await readState(ctx, id, resume !== undefined);
      await dryRun(ctx, id);
      const marker: AppliedMarker = resume ?? {
        status: 'pending',
        actionType: action.type,
        resourceId: id,
        holderId: id,
        idempotencyKey,
        priorSku: from,
        currentSku: target,
        priorState: state,
        at: ctx.clock(),
      };
      if (!resume) await writeMarker(ctx.ec2, marker);
      if (state !== target) await (target === 'stopped' ? stopAndWait(ctx, id) : startAndWait(ctx, id));
      const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
      await writeMarker(ctx.ec2, done);
      return done;
    },
  };
}

export const stopInstance = powerMutation('stopped');
export const startInstance = powerMutation('running');
