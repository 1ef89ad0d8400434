import type { Client } from '@temporalio/client';
import { ANALYSIS_QUEUE, parseDuration } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import type { OptimizationRunResult, optimizationRunWorkflow } from '../workflows/optimization-run.js';

/** Starts one optimization run (detect, then a FindingWorkflow per finding) and waits for it to fan out. */
export async function startRun(client: Client, policy: Policy, options: { runId: string; verifyWindow?: string }): Promise<OptimizationRunResult> {
  const verifyWindowMs = parseDuration(options.verifyWindow ?? policy.execution.verifyWindow);
  return client.workflow.execute<typeof optimizationRunWorkflow>('optimizationRunWorkflow', {
    workflowId: options.runId,
    taskQueue: ANALYSIS_QUEUE,
    args: [{ verifyWindowMs }],
  });
}

export function newRunId(now = new Date()): string {
  return `tollgate-run-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}`;
}
