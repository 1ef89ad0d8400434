import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { BudgetAlertsResult } from '../activities/budget-alerts.js';
import type { RunActivities } from '../activities/run-activities.js';
import { ANALYSIS_QUEUE, type FindingWorkflowInput } from '../core/workflow-contract.js';
import { findingWorkflow } from './finding-workflow.js';
import { leaseIdFor, resourceLeaseWorkflow } from './resource-lease.js';

const run = proxyActivities<RunActivities>({ taskQueue: ANALYSIS_QUEUE, startToCloseTimeout: '10 minutes', retry: { maximumAttempts: 3 } });

export interface OptimizationRunInput {
  verifyWindowMs: number;
}

export interface OptimizationRunResult {
  runId: string;
  started: { workflowId: string; resourceId: string; monthlySavingsUsd: number }[];
  /** Findings not opened because their resource already has a request open (absent on runs before leases). */
  alreadyOpen?: { resourceId: string; leaseId: string }[];
  /** Budget thresholds sent or recorded by this run; absent on runs started before budget alerts shipped. */
  budgetAlerts?: BudgetAlertsResult;
}

/**
 * The daily optimization run: detect findings, then one FindingWorkflow each, then budget alerts.
 * Children are abandoned on close, so a pending approval outlives the run that found it. Each
 * finding opens through its resource's lease (workflows/resource-lease.ts): a resource with a
 * request still open is reported in `alreadyOpen`, not asked about twice.
 */
export async function optimizationRunWorkflow(input: OptimizationRunInput): Promise<OptimizationRunResult> {
  const runId = workflowInfo().workflowId;
  const findings = await run.detectRunFindings();
  const started: OptimizationRunResult['started'] = [];
  const alreadyOpen: NonNullable<OptimizationRunResult['alreadyOpen']> = [];
  // Runs recorded before leases replay without them (test/workflows/replay.test.ts).
  const leased = patched('lease-per-resource');
  for (const finding of findings) {
    // A VM can be idle and enrolled off-hours at once: the enrollment gets its own workflow id.
    const workflowId = finding.kind === 'off-hours' ? `${runId}-${finding.resourceId}-off-hours` : `${runId}-${finding.resourceId}`;
    const args: [FindingWorkflowInput] = [{ finding, verifyWindowMs: input.verifyWindowMs, runId }];
    if (leased) {
      const leaseId = leaseIdFor(finding);
      try {
        await startChild(resourceLeaseWorkflow, {
          workflowId: leaseId,
          taskQueue: ANALYSIS_QUEUE,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [{ findingWorkflowId: workflowId, finding: args[0] }],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        alreadyOpen.push({ resourceId: finding.resourceId, leaseId });
        continue;
      }
    } else {
      await startChild(findingWorkflow, { workflowId, taskQueue: ANALYSIS_QUEUE, parentClosePolicy: ParentClosePolicy.ABANDON, args });
    }
    started.push({ workflowId, resourceId: finding.resourceId, monthlySavingsUsd: finding.estimatedMonthlySavingsUsd });
  }
  const opened = leased ? { runId, started, alreadyOpen } : { runId, started };
  // Runs recorded before this step existed replay without it (test/workflows/replay.test.ts).
  if (!patched('budget-alerts')) return opened;
  const budgetAlerts = await run.sendRunBudgetAlerts({ runId });
  return { ...opened, budgetAlerts };
}
