import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { OffHoursChangeOutput, OffHoursActions } from '../activities/execute-off-hours.js';
import type { OffHoursTargetActivities } from '../activities/off-hours-targets.js';
import { ACTIONS_QUEUE, ANALYSIS_QUEUE } from '../core/workflow-contract.js';

const analysis = proxyActivities<OffHoursTargetActivities>({ taskQueue: ANALYSIS_QUEUE, startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 5 } });
const actions = proxyActivities<OffHoursActions>({
  taskQueue: ACTIONS_QUEUE,
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 4 },
});

export interface OffHoursFiringInput {
  schedule: string;
  phase: 'stop' | 'start';
}

export type OffHoursFiringResult = OffHoursFiringInput & {
  firingId: string;
  results: (OffHoursChangeOutput | { resourceId: string; status: 'failed'; reasons: string[] })[];
};

/**
 * One firing of an off-hours Schedule: every VM enrolled in it, stopped (at night) or started
 * (in the morning) one at a time, each authorized afresh by the actions worker. A VM whose
 * change fails does not hold back the others; it is reported as failed.
 */
export async function offHoursWorkflow(input: OffHoursFiringInput): Promise<OffHoursFiringResult> {
  if (input.phase !== 'stop' && input.phase !== 'start') throw ApplicationFailure.nonRetryable(`phase must be stop or start, not ${String(input.phase)}`);
  const firingId = workflowInfo().workflowId;
  const results: OffHoursFiringResult['results'] = [];
  for (const resourceId of await analysis.offHoursTargets(input)) {
    try {
      results.push(await actions.applyOffHoursChange({ firingId, schedule: input.schedule, phase: input.phase, resourceId }));
    } catch (error) {
      results.push({ resourceId, status: 'failed', reasons: [(error as Error).message] });
    }
  }
  return { ...input, firingId, results };
}
