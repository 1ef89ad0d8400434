import type { BudgetAlertMessage } from '../approvals/slack/budget-alert-blocks.js';
import type { OffHoursAttention } from '../approvals/slack/off-hours-firing-blocks.js';
import type { Finding, PendingView } from '../core/index.js';

export type { BudgetAlertMessage, OffHoursAttention };

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

/** Tells owners which VMs an off-hours firing did not stop or start (Slack today). */
export interface OffHoursNotifier {
  postOffHoursAttention(attention: OffHoursAttention, tags: { owner?: string | undefined; team?: string | undefined }): Promise<PostedRequest>;
}

/** The analysis worker's channel to people: approval requests, budget alerts, off-hours refusals. */
export type Notifier = ApprovalNotifier & BudgetAlertNotifier & OffHoursNotifier;
