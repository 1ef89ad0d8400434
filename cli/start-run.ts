import type { Client } from '@temporalio/client';
import { detectFindings } from '../activities/detect-findings.js';
import { ANALYSIS_QUEUE, parseDuration, type Finding } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import type { findingWorkflow } from '../workflows/index.js';
import { readOnlyView, type CloudReader } from '../clouds/provider.js';

export interface StartedFinding {
  workflowId: string;
  finding: Finding;
}

/** Detects findings on the estate and starts one FindingWorkflow per finding. */
export async function startRun(
  client: Client,
  cloud: CloudReader,
  policy: Policy,
  options: { runId: string; verifyWindow?: string; now?: string },
): Promise<StartedFinding[]> {
  const findings = await detectFindings(readOnlyView(cloud), policy, options.now ?? new Date().toISOString());
  const verifyWindowMs = parseDuration(options.verifyWindow ?? policy.execution.verifyWindow);
  const started: StartedFinding[] = [];
  for (const finding of findings) {
    const workflowId = `tollgate-${options.runId}-${finding.resourceId}`;
    await client.workflow.start<typeof findingWorkflow>('findingWorkflow', {
      workflowId,
      taskQueue: ANALYSIS_QUEUE,
      args: [{ finding, verifyWindowMs, runId: options.runId }],
    });
    started.push({ workflowId, finding });
  }
  return started;
}

export function newRunId(now = new Date()): string {
  return `run-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}`;
}
