import type { BudgetAlertMessage } from '../approvals/slack/budget-alert-blocks.js';
import type { OffHoursAttention } from '../approvals/slack/off-hours-firing-blocks.js';
import type { Addressees } from '../approvals/slack/routing.js';
import type { AnomalyView, Finding, PendingView } from '../core/index.js';

export type { BudgetAlertMessage, OffHoursAttention };

/** Where an approval request was posted, so the same message can carry the outcome later. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

/** The request's first message, plus a copy per further owner or team channel when the tags name several. */
export interface PostedRequest extends PostedMessage {
  copies?: PostedMessage[];
}

/**
 * A channel that tells people about approval requests and their outcomes (Slack today).
 * Optional: without one, the Temporal UI and the CLI are the approval queue.
 */
export interface ApprovalNotifier {
  requestApproval(view: PendingView, context: { finding: Finding; addressees: Addressees }): Promise<PostedRequest>;
  announce(view: PendingView, message: PostedRequest, note: string): Promise<void>;
}

/** Posts a budget threshold alert (Slack today). */
export interface BudgetAlertNotifier {
  postBudgetAlert(alert: BudgetAlertMessage): Promise<PostedRequest>;
}

/** Tells owners which VMs an off-hours firing did not stop or start (Slack today). */
export interface OffHoursNotifier {
  postOffHoursAttention(attention: OffHoursAttention, addressees: Addressees): Promise<PostedMessage[]>;
}

/** Tells owners about a cost incident, and updates the alert when feedback arrives (Slack today). */
export interface AnomalyAlertNotifier {
  postAnomalyAlert(view: AnomalyView, addressees: Addressees): Promise<PostedMessage[]>;
  updateAnomalyAlert(view: AnomalyView, messages: readonly PostedMessage[], note?: string): Promise<void>;
}

/** The analysis worker's channel to people: approval requests, budget alerts, off-hours refusals, anomaly alerts. */
export type Notifier = ApprovalNotifier & BudgetAlertNotifier & OffHoursNotifier & AnomalyAlertNotifier;
