import type { Client } from '@temporalio/client';
import { giveAnomalyFeedback } from '../anomalies.js';
import { decide, showPending } from '../queue.js';
import type { AnomalyFeedbackGateway, ApprovalGateway } from './slack-approvals.js';

/** The production gateway: the `pending` Query and the `decide` Update through a Temporal client. */
export function temporalGateway(client: Client): ApprovalGateway {
  return {
    show: (workflowId) => showPending(client, workflowId),
    decide: (workflowId, decision) => decide(client, workflowId, decision),
  };
}

/** Anomaly feedback clicks through a Temporal client: the `anomalyFeedback` Update. */
export function temporalAnomalyGateway(client: Client): AnomalyFeedbackGateway {
  return { feedback: (workflowId, feedback) => giveAnomalyFeedback(client, workflowId, feedback) };
}
