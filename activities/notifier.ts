import type { Finding, PendingView } from '../core/index.js';

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
