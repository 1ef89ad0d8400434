import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, log, ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { LandingActivities } from '../activities/landing-activities.js';
import type { BillingPollResult, SourcePollResult } from '../core/billing-landing.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';
import { anomalyScanWorkflow } from './anomaly-scan.js';

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

/** The anomaly scan a landing starts: one per landing, so a retried or replayed landing starts it once. */
export function anomalyScanIdFor(landingId: string): string {
  return `anomaly-scan-${landingId}`;
}

/**
 * One poll of every billing source: each new or restated file lands once (the activity decides by
 * checksum and manifest), each source on its own, so one that cannot be read holds back no other.
 * When anything landed, an anomaly scan looks at the new data (it alerts each incident once) and
 * is left to run on its own: alerts wait for feedback long after the poll is done.
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
  const result: BillingPollResult = { landingId, sources };
  if (sources.some((s) => s.landed.length > 0)) result.anomalyScan = await startAnomalyScan(landingId);
  log.info('billing landing poll done', { trigger: input.trigger, landed: sources.reduce((n, s) => n + s.landed.length, 0) });
  return result;
}

async function startAnomalyScan(landingId: string): Promise<string> {
  const workflowId = anomalyScanIdFor(landingId);
  try {
    await startChild(anomalyScanWorkflow, {
      workflowId,
      taskQueue: ANALYSIS_QUEUE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ trigger: `billing landing ${landingId}` }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return workflowId;
}
