import {
  ModifyInstanceAttributeCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  DescribeInstanceTypesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import type { Action } from '../../core/index.js';
import { writeMarker, type AppliedMarker } from './applied-marker.js';
import { assertDryRunPasses } from './dry-run.js';
import { AwsOperationError, awsErrorCode } from './errors.js';
import { describeInstance } from './inventory.js';
import { startAndWait, stopAndWait, type Ec2Mutation, type MutationContext } from './mutation-context.js';

type ResizeAction = Extract<Action, { type: 'resize' }>;

function asResize(action: Action): ResizeAction {
  if (action.type !== 'resize') throw new AwsOperationError('resize', action.resourceId, `expected a resize action, got ${action.type}`);
  return action;
}

/** The target type must exist in the region and keep the instance's CPU architecture (the AMI must still boot). */
async function assertTargetFits(ctx: MutationContext, action: ResizeAction): Promise<void> {
  let out;
  try {
    out = await ctx.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [action.fromSku, action.toSku] as _InstanceType[] }));
  } catch (error) {
    throw new AwsOperationError(
      'DescribeInstanceTypes',
      action.resourceId,
      `${action.toSku} is not an instance type offered in ${ctx.region} (${awsErrorCode(error)})`,
      { cause: error },
    );
  }
  const archOf = (type: string) => out.InstanceTypes?.find((t) => t.InstanceType === type)?.ProcessorInfo?.SupportedArchitectures ?? [];
  const target = archOf(action.toSku);
  if (target.length === 0)
    throw new AwsOperationError('DescribeInstanceTypes', action.resourceId, `${action.toSku} is not an instance type offered in ${ctx.region}`);
  const current = archOf(action.fromSku);
  if (current.length > 0 && !current.some((arch) => target.includes(arch))) {
    throw new AwsOperationError(
      'ModifyInstanceAttribute',
      action.resourceId,
      `${action.toSku} (${target.join('/')}) cannot run the ${current.join('/')} image of ${action.fromSku}`,
    );
  }
}

/** Reads the instance and refuses if its type is not the one the proposal was approved for. */
async function readForResize(ctx: MutationContext, action: ResizeAction, resume: AppliedMarker | undefined) {
  const instance = await describeInstance(ctx, action.resourceId);
  const type = instance.InstanceType ?? 'unknown';
  const resumable = resume !== undefined && type === action.toSku;
  if (type !== action.fromSku && !resumable) {
    throw new AwsOperationError(
      'resize',
      action.resourceId,
      `the instance is ${type}, not ${action.fromSku}: it changed since the proposal was approved; re-run the analysis`,
    );
  }
  const state = instance.State?.Name ?? 'unknown';
  if (state !== 'running' && state !== 'stopped') {
    throw new AwsOperationError('resize', action.resourceId, `the instance is ${state}; retry once it is running or stopped`);
  }
  return { type, state };
}

async function dryRunResize(ctx: MutationContext, action: ResizeAction): Promise<void> {
  const id = action.resourceId;
  await assertDryRunPasses('StopInstances', id, () => ctx.ec2.send(new StopInstancesCommand({ InstanceIds: [id], DryRun: true })));
  await assertDryRunPasses('ModifyInstanceAttribute', id, () =>
    ctx.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: action.toSku }, DryRun: true })),
  );
  await assertDryRunPasses('StartInstances', id, () => ctx.ec2.send(new StartInstancesCommand({ InstanceIds: [id], DryRun: true })));
}

/** Stop, change the instance type, start again (only if it was running), waiting at each step. */
export const resizeInstance: Ec2Mutation = {
  async plan(ctx, action) {
    const resize = asResize(action);
    const { state } = await readForResize(ctx, resize, undefined);
    await assertTargetFits(ctx, resize);
    await dryRunResize(ctx, resize);
    const id = resize.resourceId;
    return state === 'running'
      ? [
          `StopInstances ${id} (wait until stopped)`,
          `ModifyInstanceAttribute ${id} InstanceType ${resize.fromSku} → ${resize.toSku}`,
          `StartInstances ${id} (wait until running)`,
        ]
      : [`ModifyInstanceAttribute ${id} InstanceType ${resize.fromSku} → ${resize.toSku} (instance stays stopped)`];
  },

  async apply(ctx, action, idempotencyKey, resume) {
    const resize = asResize(action);
    const { type, state } = await readForResize(ctx, resize, resume);
    await assertTargetFits(ctx, resize);
    await dryRunResize(ctx, resize);
    const id = resize.resourceId;
    const priorState = resume?.priorState ?? state;
    const marker: AppliedMarker = {
      status: 'pending',
      actionType: 'resize',
      resourceId: id,
      holderId: id,
      idempotencyKey,
      priorSku: resize.fromSku,
      currentSku: resize.toSku,
      priorState,
      at: resume?.at ?? ctx.clock(),
    };
    if (!resume) await writeMarker(ctx.ec2, marker);
    if (type !== resize.toSku) {
      if (state === 'running') await stopAndWait(ctx, id);
      await ctx.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: resize.toSku } }));
    }
    if (priorState === 'running') {
      const now = await describeInstance(ctx, id);
      if (now.State?.Name !== 'running') await startAndWait(ctx, id);
    }
    const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
    await writeMarker(ctx.ec2, done);
    return done;
  },
};
