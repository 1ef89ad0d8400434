import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { OffHoursActions, OffHoursFiringResult } from '../activities/execute-off-hours.js';
import type { OffHoursReportActivities } from '../activities/off-hours-report.js';
import type { OffHoursTargetActivities } from '../activities/off-hours-targets.js';
import { ACTIONS_QUEUE, ANALYSIS_QUEUE } from '../core/workflow-contract.js';

const analysis = proxyActivities<OffHoursTargetActivities & OffHoursReportActivities>({
  taskQueue: ANALYSIS_QUEUE,
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});
const actions = proxyActivities<OffHoursActions>({
  taskQueue: ACTIONS_QUEUE,
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 4 },
});

export interface OffHoursFiringInput {
  schedule: string;
  phase: 'stop' | 'start';
}

export type { OffHoursFiringResult };

/**
 * One firing of an off-hours Schedule: every VM enrolled in it, stopped (at night) or started
 * (in the morning) one at a time, each authorized afresh by the actions worker. A VM whose
 * change fails does not hold back the others; it is reported as failed, and refusals and
 * failures are posted to the owners' channels.
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
  const result: OffHoursFiringResult = { ...input, firingId, results };
  // Refusals and failures need a human (an enrollment lapsed, a tag removed, a cloud error): tell them.
  await analysis.reportOffHoursFiring(result);
  return result;
}
