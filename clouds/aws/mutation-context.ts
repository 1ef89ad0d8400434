import { StartInstancesCommand, StopInstancesCommand, waitUntilInstanceRunning, waitUntilInstanceStopped, type EC2Client } from '@aws-sdk/client-ec2';
import type { Action } from '../../core/index.js';
import type { AppliedMarker } from './applied-marker.js';
import { AwsOperationError } from './errors.js';
import type { InventoryContext } from './inventory.js';

export interface MutationContext extends InventoryContext {
  clock: () => string;
  /** Upper bound for each stop/start waiter; EC2 usually settles within a few minutes. */
  waiterMaxSeconds: number;
  waiterMinDelaySeconds: number;
}

/** One action type's dry-run and apply. `resume` is this key's pending marker after a crash mid-apply. */
export interface Ec2Mutation {
  plan(ctx: MutationContext, action: Action): Promise<string[]>;
  apply(ctx: MutationContext, action: Action, idempotencyKey: string, resume: AppliedMarker | undefined): Promise<AppliedMarker>;
}

export async function stopAndWait(ctx: MutationContext, instanceId: string): Promise<void> {
  await ctx.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
  await settle('StopInstances', instanceId, () => waitUntilInstanceStopped(waiterConfig(ctx), { InstanceIds: [instanceId] }));
}

export async function startAndWait(ctx: MutationContext, instanceId: string): Promise<void> {
  await ctx.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
  await settle('StartInstances', instanceId, () => waitUntilInstanceRunning(waiterConfig(ctx), { InstanceIds: [instanceId] }));
}

function waiterConfig(ctx: MutationContext): { client: EC2Client; maxWaitTime: number; minDelay: number; maxDelay: number } {
  return { client: ctx.ec2, maxWaitTime: ctx.waiterMaxSeconds, minDelay: ctx.waiterMinDelaySeconds, maxDelay: Math.max(ctx.waiterMinDelaySeconds, 15) };
}

async function settle(operation: string, instanceId: string, wait: () => Promise<{ state: string }>): Promise<void> {
  try {
    const result = await wait();
    if (result.state !== 'SUCCESS') throw new Error(`waiter ended in ${result.state}`);
  } catch (error) {
    throw new AwsOperationError(
      operation,
      instanceId,
      `the instance did not reach the expected state: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
