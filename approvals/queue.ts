import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, type DecideRequest, type PendingView } from '../core/index.js';
import { decideUpdate, pendingQuery } from '../workflows/messages.js';

/** How long one workflow may take to answer the `pending` Query before the queue moves on without it. */
export const QUERY_TIMEOUT_MS = 5_000;

/** A workflow the queue lists but could not read: named, with why, so the others still show. */
export interface UnavailableApproval {
  workflowId: string;
  reason: string;
}

export interface ApprovalQueue {
  pending: PendingView[];
  unavailable: UnavailableApproval[];
}

/**
 * The approval queue as Temporal's visibility store sees it: workflows in state AwaitingApproval.
 * Each is queried on its own, under a deadline: one broken or wedged workflow is reported as
 * unavailable and never hides the others.
 */
export async function listPending(client: Client, limit = 100, timeoutMs = QUERY_TIMEOUT_MS): Promise<ApprovalQueue> {
  const queue: ApprovalQueue = { pending: [], unavailable: [] };
  const query = `${SEARCH_ATTRIBUTES.state} = 'AwaitingApproval' AND ExecutionStatus = 'Running'`;
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) {
    ids.push(execution.workflowId);
    if (ids.length >= limit) break;
  }
  const answers = await Promise.allSettled(ids.map((id) => showPending(client, id, timeoutMs)));
  answers.forEach((answer, i) => {
    if (answer.status === 'fulfilled') queue.pending.push(answer.value);
    else queue.unavailable.push({ workflowId: ids[i]!, reason: shortReason(answer.reason) });
  });
  return queue;
}

/** The `pending` Query of one workflow, bounded by a deadline so a wedged workflow fails instead of hanging. */
export async function showPending(client: Client, workflowId: string, timeoutMs = QUERY_TIMEOUT_MS): Promise<PendingView> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).query(pendingQuery));
  } catch (error) {
    throw new Error(`${workflowId} did not answer the pending query: ${shortReason(error)}`);
  }
}

/**
 * Sends the `decide` Update bound to the proposal hash the approver has seen. Without an
 * explicit hash, the current one is read first (the CLI does this only for a rejection).
 */
export async function decide(
  client: Client,
  workflowId: string,
  decision: Omit<DecideRequest, 'proposalHash'> & { proposalHash?: string },
): Promise<PendingView> {
  const handle = client.workflow.getHandle(workflowId);
  const proposalHash = decision.proposalHash ?? (await showPending(client, workflowId)).proposalHash;
  if (!proposalHash) throw new Error(`${workflowId} has no proposal waiting for a decision`);
  try {
    return await handle.executeUpdate(decideUpdate, { args: [{ ...decision, proposalHash }] });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`decision refused for ${workflowId}: ${cause ?? (error as Error).message}`);
  }
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
