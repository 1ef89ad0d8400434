import type { BudgetAlertMessage } from '../approvals/slack/budget-alert-blocks.js';
import type { Finding, PendingView } from '../core/index.js';

export type { BudgetAlertMessage };

/** Where an approval request was posted, so the same message can carry the outcome later. */
export interface PostedRequest {
  channel: string;
  ts: string;
}

/**
 * A channel that tells people about approval requests and their outcomes (Slack today).
 * Optional: without one, the Temporal UI and the CLI are the approval queue.
 */
export interface ApprovalNotifier {
  requestApproval(view: PendingView, context: { finding: Finding; tags: Record<string, string> }): Promise<PostedRequest>;
  announce(view: PendingView, message: PostedRequest, note: string): Promise<void>;
}

/** Posts a budget threshold alert (Slack today). */
export interface BudgetAlertNotifier {
  postBudgetAlert(alert: BudgetAlertMessage): Promise<PostedRequest>;
}

/** The analysis worker's channel to people: approval requests and budget alerts. */
export type Notifier = ApprovalNotifier & BudgetAlertNotifier;
