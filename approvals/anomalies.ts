import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, type AnomalyFeedbackInput, type AnomalyView } from '../core/index.js';
import { anomalyFeedbackUpdate, anomalyQuery } from '../workflows/anomaly-messages.js';

/** How long one workflow may take to answer before the command gives up on it. */
const QUERY_TIMEOUT_MS = 5_000;

/** One anomaly alert as the Temporal visibility store lists it: no Query needed. */
export interface AnomalyRow {
  workflowId: string;
  status: string;
  state: string;
  severity: string;
  impact: number | undefined;
  service: string;
  owner: string;
  startedAt: string;
}

/** `inc_…` or `anomaly-inc_…`: both name the incident's workflow. */
export function anomalyWorkflowIdOf(id: string): string {
  return id.startsWith('inc_') ? `anomaly-${id}` : id;
}

const first = (value: unknown): string => (Array.isArray(value) && value.length > 0 ? String(value[0]) : '');

/** Anomaly alerts, newest first: those waiting for feedback, or every one with `all`. */
export async function listAnomalies(client: Client, options: { all?: boolean; limit?: number } = {}): Promise<AnomalyRow[]> {
  const query = `WorkflowType = 'anomalyWorkflow'${options.all ? '' : ` AND ExecutionStatus = 'Running'`}`;
  const rows: AnomalyRow[] = [];
  for await (const execution of client.workflow.list({ query })) {
    const attributes = execution.searchAttributes ?? {};
    const impact = first(attributes[SEARCH_ATTRIBUTES.impact]);
    rows.push({
      workflowId: execution.workflowId,
      status: execution.status.name,
      state: first(attributes[SEARCH_ATTRIBUTES.state]),
      severity: first(attributes[SEARCH_ATTRIBUTES.severity]),
      impact: impact === '' ? undefined : Number(impact),
      service: first(attributes[SEARCH_ATTRIBUTES.rootCauseService]),
      owner: first(attributes[SEARCH_ATTRIBUTES.owner]),
      startedAt: execution.startTime.toISOString(),
    });
    if (rows.length >= (options.limit ?? 200)) break;
  }
  return rows;
}

/** The workflow behind an id, or an error that says what to do: unknown ids and other workflows are named. */
async function describeAnomaly(client: Client, workflowId: string): Promise<WorkflowExecutionDescription> {
  let description: WorkflowExecutionDescription;
  try {
    description = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new Error(`no anomaly alert ${workflowId}: \`tollgate anomalies list --all\` shows the known ones`);
    throw error;
  }
  if (description.type !== 'anomalyWorkflow')
    throw new Error(`${workflowId} is a ${description.type}, not an anomaly alert: \`tollgate anomalies list\` shows them`);
  return description;
}

/** The alert as it stands: the `anomaly` Query while it runs, its result once it completed. */
export async function showAnomaly(client: Client, id: string): Promise<AnomalyView> {
  const workflowId = anomalyWorkflowIdOf(id);
  const description = await describeAnomaly(client, workflowId);
  const handle = client.workflow.getHandle(workflowId);
  if (description.status.name === 'COMPLETED') return (await handle.result()) as AnomalyView;
  if (description.status.name !== 'RUNNING') {
    throw new Error(
      `${workflowId} ended ${description.status.name.toLowerCase()} without a result; \`temporal workflow show --workflow-id ${workflowId}\` tells why`,
    );
  }
  return client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(anomalyQuery));
}

/** Sends the owner's verdict as the `anomalyFeedback` Update; a finished alert or a refused verdict is an error naming why. */
export async function giveAnomalyFeedback(client: Client, id: string, feedback: AnomalyFeedbackInput): Promise<AnomalyView> {
  const workflowId = anomalyWorkflowIdOf(id);
  const description = await describeAnomaly(client, workflowId);
  if (description.status.name !== 'RUNNING') {
    const state = first(description.searchAttributes?.[SEARCH_ATTRIBUTES.state]);
    throw new Error(`${workflowId} is finished (${state || description.status.name.toLowerCase()}): it takes no more feedback`);
  }
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(anomalyFeedbackUpdate, { args: [feedback] });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    throw new Error(`feedback on ${workflowId} refused: ${cause?.message ?? (error as Error).message}`);
  }
}
