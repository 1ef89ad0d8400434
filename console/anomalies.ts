import type { Client } from '@temporalio/client';
import type { AnomalyFeedbackInput, AnomalyView } from '../core/index.js';
import { anomalyFeedbackUpdate, anomalyQuery } from '../workflows/anomaly-messages.js';
import type { UnavailableApproval } from '../approvals/queue.js';

/** How long one anomaly workflow may take to answer its Query before the page moves on without it. */
const QUERY_TIMEOUT_MS = 5_000;

/** Open anomaly alerts (AnomalyWorkflow runs), each read with its `anomaly` Query under a deadline. */
export async function listAnomalies(client: Client, limit = 100): Promise<{ views: AnomalyView[]; unavailable: UnavailableApproval[] }> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'anomalyWorkflow' AND ExecutionStatus = 'Running'` })) {
    ids.push(execution.workflowId);
    if (ids.length >= limit) break;
  }
  const answers = await Promise.allSettled(
    ids.map((id) => client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => client.workflow.getHandle(id).query(anomalyQuery))),
  );
  const views: AnomalyView[] = [];
  const unavailable: UnavailableApproval[] = [];
  answers.forEach((a, i) =>
    a.status === 'fulfilled'
      ? views.push(a.value)
      : unavailable.push({ workflowId: ids[i]!, reason: String((a.reason as Error)?.message ?? a.reason).slice(0, 300) }),
  );
  return { views, unavailable };
}

/** Sends the owner's verdict as the `anomalyFeedback` Update; the workflow's validator refuses a late or repeated one. */
export async function giveAnomalyFeedback(client: Client, workflowId: string, input: AnomalyFeedbackInput): Promise<AnomalyView> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(anomalyFeedbackUpdate, { args: [input] });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`feedback refused for ${workflowId}: ${cause ?? (error as Error).message}`);
  }
}
