import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { AnomalyActivities } from '../activities/anomaly-activities.js';
import { anomalyWorkflowId } from '../core/anomaly-contract.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';
import { anomalyWorkflow } from './anomaly-workflow.js';

const scan = proxyActivities<AnomalyActivities>({ taskQueue: ANALYSIS_QUEUE, startToCloseTimeout: '15 minutes', retry: { maximumAttempts: 3 } });

/**
 * Detects cost incidents over the warehouse and starts one AnomalyWorkflow per incident. The
 * workflow id is the incident's (`anomaly-<incident id>`, stable across re-runs over the same
 * data) and may never be reused, so an incident that already has a workflow is not alerted again;
 * the scan activity also leaves out incidents the audit log shows as alerted. Children are
 * abandoned on close: an alert waits for feedback long after the scan that found it.
 */
export async function anomalyScanWorkflow(input: { trigger: string }): Promise<{ incidents: number; started: string[] }> {
  const found = await scan.detectAnomalyIncidents({ scanId: workflowInfo().workflowId, trigger: input.trigger });
  const started: string[] = [];
  for (const incident of found.incidents) {
    const workflowId = anomalyWorkflowId(incident.id);
    try {
      await startChild(anomalyWorkflow, {
        workflowId,
        taskQueue: ANALYSIS_QUEUE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ incident, trigger: input.trigger }],
      });
      started.push(workflowId);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  // Every incident the data shows (new or already alerted), and the workflows this scan started.
  return { incidents: found.incidents.length + found.alreadyAlerted, started };
}
