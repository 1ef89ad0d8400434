import { ActivityFailure, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LandingActivities } from '../activities/landing-activities.js';
import type { BillingPollResult, SourcePollResult } from '../core/billing-landing.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';

const landing = proxyActivities<LandingActivities>({
  taskQueue: ANALYSIS_QUEUE,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

export interface BillingLandingInput {
  /** what started it: the Schedule, `tollgate billing poll --temporal`, a test */
  trigger: string;
}

/**
 * One poll of every billing source: each new or restated file lands once (the activity decides by
 * checksum and manifest), each source on its own, so one that cannot be read holds back no other.
 */
export async function billingLandingWorkflow(input: BillingLandingInput = { trigger: 'schedule' }): Promise<BillingPollResult> {
  const landingId = workflowInfo().workflowId;
  const sources: SourcePollResult[] = [];
  for (const source of await landing.listBillingSources()) {
    try {
      sources.push(await landing.landBillingSource({ source, landingId }));
    } catch (error) {
      const cause = error instanceof ActivityFailure && error.cause ? error.cause.message : (error as Error).message;
      sources.push({ source, kind: 'unknown', location: '', units: 0, landed: [], unchanged: 0, failed: [], error: cause });
    }
  }
  log.info('billing landing poll done', { trigger: input.trigger, landed: sources.reduce((n, s) => n + s.landed.length, 0) });
  return { landingId, sources };
}
