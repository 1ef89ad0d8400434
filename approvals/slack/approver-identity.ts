import { approverRefusal, type PendingView } from '../../core/index.js';

/** The `approvals.slack` part of the policy this module needs. */
export interface SlackApproverMap {
  /** Slack user id (U…) or user group id (S…) → approver id in the policy */
  approvers: Record<string, string>;
}

/** Looks up which of the given user groups a Slack user belongs to (usergroups.users.list in production). */
export type GroupMembership = (slackUserId: string, groupIds: string[]) => Promise<string[]>;

/** `message` is plain text for the user; the Slack side escapes it for mrkdwn. */
export type ApproverResolution = { ok: true; approver: string } | { ok: false; message: string };

/**
 * Who a click in Slack counts as. A user's own mapping wins; otherwise the first mapped user
 * group they belong to. The result then has to pass the same rule the workflow's validator
 * applies (core approverRefusal): known approver, allowed role, never the proposer.
 */
export async function resolveApprover(slackUserId: string, map: SlackApproverMap, view: PendingView, inGroups: GroupMembership): Promise<ApproverResolution> {
  let approver = map.approvers[slackUserId];
  if (approver === undefined) {
    const groupIds = Object.keys(map.approvers).filter((id) => id.startsWith('S'));
    const [group] = groupIds.length > 0 ? await inGroups(slackUserId, groupIds) : [];
    if (group !== undefined) approver = map.approvers[group];
  }
  if (approver === undefined) {
    return {
      ok: false,
      message: `Your Slack user ${slackUserId} is not mapped to an approver: ask an admin to add your Slack user or group under approvals.slack.approvers in the policy.`,
    };
  }
  if (!view.requirement || !view.proposal || view.state !== 'AwaitingApproval') {
    return { ok: false, message: `Nothing waits for a decision on ${view.workflowId}: it is ${view.state}${view.outcome ? ` (${view.outcome})` : ''}.` };
  }
  const refusal = approverRefusal(approver, view.requirement, view.proposal.proposer);
  if (refusal) return { ok: false, message: refusal };
  if (view.approvals.some((a) => a.approver === approver))
    return { ok: false, message: `${approver} has already decided on this proposal; production changes need a second, different approver.` };
  return { ok: true, approver };
}
