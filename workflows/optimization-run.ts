import { ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { BudgetAlertsResult } from '../activities/budget-alerts.js';
import type { RunActivities } from '../activities/run-activities.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';
import { findingWorkflow } from './finding-workflow.js';

const run = proxyActivities<RunActivities>({ taskQueue: ANALYSIS_QUEUE, startToCloseTimeout: '10 minutes', retry: { maximumAttempts: 3 } });

export interface OptimizationRunInput {
  verifyWindowMs: number;
}

export interface OptimizationRunResult {
  runId: string;
  started: { workflowId: string; resourceId: string; monthlySavingsUsd: number }[];
  /** Budget thresholds sent or recorded by this run; absent on runs started before budget alerts shipped. */
  budgetAlerts?: BudgetAlertsResult;
}

/**
 * The daily optimization run: detect findings, then one FindingWorkflow each, then budget alerts.
 * Children are abandoned on close, so a pending approval outlives the run that found it.
 */
export async function optimizationRunWorkflow(input: OptimizationRunInput): Promise<OptimizationRunResult> {
  const runId = workflowInfo().workflowId;
  const findings = await run.detectRunFindings();
  const started: OptimizationRunResult['started'] = [];
  for (const finding of findings) {
    // A VM can be idle and enrolled off-hours at once: the enrollment gets its own workflow id.
    const workflowId = finding.kind === 'off-hours' ? `${runId}-${finding.resourceId}-off-hours` : `${runId}-${finding.resourceId}`;
    await startChild(findingWorkflow, {
      workflowId,
      taskQueue: ANALYSIS_QUEUE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ finding, verifyWindowMs: input.verifyWindowMs, runId }],
    });
    started.push({ workflowId, resourceId: finding.resourceId, monthlySavingsUsd: finding.estimatedMonthlySavingsUsd });
  }
  // Runs recorded before this step existed replay without it (test/workflows/replay.test.ts).
  if (!patched('budget-alerts')) return { runId, started };
  const budgetAlerts = await run.sendRunBudgetAlerts({ runId });
  return { runId, started, budgetAlerts };
}
