import type { Client } from '@temporalio/client';
import { decide, showPending } from '../../approvals/queue.js';
import type { PendingView, WorkflowState } from '../../core/index.js';

const SETTLED: readonly WorkflowState[] = ['AwaitingApproval', 'Blocked', 'Rejected', 'Expired', 'Aborted', 'Executed', 'RolledBack'];

/** Polls the `pending` Query until the workflow reaches one of the given states. */
export async function waitForState(client: Client, workflowId: string, states: readonly WorkflowState[] = SETTLED, timeoutMs = 120_000): Promise<PendingView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await showPending(client, workflowId).catch(() => undefined);
    if (view && states.includes(view.state)) return view;
    if (Date.now() > deadline)
      throw new Error(`${workflowId} did not reach ${states.join('/')} in ${timeoutMs / 1000} s (last: ${view?.state ?? 'no answer'})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export { decide };
