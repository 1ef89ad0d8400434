import type { Client } from '@temporalio/client';
import type { PendingView, WorkflowState } from '../../core/index.js';
import { waitForState as waitForHandle } from '../../evals/harness/wait-for-state.js';

const SETTLED: readonly WorkflowState[] = ['AwaitingApproval', 'Blocked', 'Rejected', 'Expired', 'Aborted', 'Executed', 'RolledBack', 'RollbackFailed'];

/** Waits until the workflow reaches one of the given states (by default: any state a person would look at). */
export function waitForState(client: Client, workflowId: string, states: readonly WorkflowState[] = SETTLED, timeoutMs = 120_000): Promise<PendingView> {
  return waitForHandle(client.workflow.getHandle(workflowId), states, timeoutMs, 300);
}
