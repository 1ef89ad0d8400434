import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, type DecideInput, type PendingView } from '../core/index.js';
import { decideUpdate, pendingQuery } from '../workflows/messages.js';

/** The approval queue as Temporal's visibility store sees it: workflows in state AwaitingApproval. */
export async function listPending(client: Client, limit = 100): Promise<PendingView[]> {
  const views: PendingView[] = [];
  const query = `${SEARCH_ATTRIBUTES.state} = 'AwaitingApproval' AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) {
    views.push(await showPending(client, execution.workflowId));
    if (views.length >= limit) break;
  }
  return views;
}

export function showPending(client: Client, workflowId: string): Promise<PendingView> {
  return client.workflow.getHandle(workflowId).query(pendingQuery);
}

/**
 * Sends the `decide` Update bound to the proposal hash the approver has seen. Without an
 * explicit hash, the current one is read first, so the CLI shows what it approves.
 */
export async function decide(
  client: Client,
  workflowId: string,
  decision: Omit<DecideInput, 'proposalHash'> & { proposalHash?: string },
): Promise<PendingView> {
  const handle = client.workflow.getHandle(workflowId);
  const proposalHash = decision.proposalHash ?? (await handle.query(pendingQuery)).proposalHash;
  if (!proposalHash) throw new Error(`${workflowId} has no proposal waiting for a decision`);
  try {
    return await handle.executeUpdate(decideUpdate, { args: [{ ...decision, proposalHash }] });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`decision refused for ${workflowId}: ${cause ?? (error as Error).message}`);
  }
}
