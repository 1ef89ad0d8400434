import type { Client } from '@temporalio/client';
import { decide, showPending } from '../queue.js';
import type { ApprovalGateway } from './slack-approvals.js';

/** The production gateway: the `pending` Query and the `decide` Update through a Temporal client. */
export function temporalGateway(client: Client): ApprovalGateway {
  return {
    show: (workflowId) => showPending(client, workflowId),
    decide: (workflowId, decision) => decide(client, workflowId, decision),
  };
}
