import { approverRefusal, parseDuration, type Actor, type Approval, type ApprovalRequirement, type Resource } from '../core/index.js';
import type { Policy } from './policy.js';
import { isProduction } from './risk.js';

export function approvalRequirement(resource: Resource, policy: Policy): ApprovalRequirement {
  return {
    required: isProduction(resource, policy) ? policy.approvals.requiredForProduction : policy.approvals.required,
    approvers: policy.approvals.approvers,
    allowedRoles: policy.approvals.allowedRoles,
    expiresInMs: parseDuration(policy.approvals.expiry),
  };
}

export interface ApprovalStatus {
  satisfied: boolean;
  rejected: boolean;
  valid: Approval[];
  problems: string[];
  missing: number;
}

/**
 * Counts approvals that are bound to this proposal, by distinct allowed humans other than
 * the proposer, given no later than `now` and not expired. Any rejection bound to the
 * proposal vetoes it, whoever sent it: failing safe costs a re-proposal, nothing more.
 */
export function approvalStatus(
  approvals: readonly Approval[],
  requirement: ApprovalRequirement,
  proposalHash: string,
  proposer: Actor,
  now: string,
): ApprovalStatus {
  const problems: string[] = [];
  const valid: Approval[] = [];
  const seen = new Set<string>();
  let rejected = false;
  for (const a of approvals) {
    if (a.proposalHash !== proposalHash) {
      problems.push(`${a.approver}'s decision is for another proposal`);
      continue;
    }
    if (a.decision === 'reject') {
      rejected = true;
      continue;
    }
    const refusal = approverRefusal(a.approver, requirement, proposer);
    if (refusal) {
      problems.push(refusal);
      continue;
    }
    const ageMs = Date.parse(now) - Date.parse(a.at);
    if (!(ageMs >= 0)) {
      problems.push(`${a.approver}'s approval is dated ${a.at}, after ${now}`);
      continue;
    }
    if (ageMs > requirement.expiresInMs) {
      problems.push(`${a.approver}'s approval from ${a.at} has expired`);
      continue;
    }
    if (seen.has(a.approver)) continue;
    seen.add(a.approver);
    valid.push(a);
  }
  const missing = Math.max(0, requirement.required - valid.length);
  return { satisfied: !rejected && missing === 0, rejected, valid, problems, missing };
}
