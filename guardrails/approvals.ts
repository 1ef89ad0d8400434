import {
  approverRefusal,
  keysOf,
  parseDuration,
  passkeysOf,
  signatureRefusal,
  type Actor,
  type Approval,
  type ApprovalRequirement,
  type EnrolledPasskey,
  type PasskeyRelyingParty,
  type Resource,
} from '../core/index.js';
import type { Policy } from './policy.js';
import { isProduction } from './risk.js';

export function approvalRequirement(resource: Resource, policy: Policy): ApprovalRequirement {
  const production = isProduction(resource, policy);
  return {
    required: production ? policy.approvals.requiredForProduction : policy.approvals.required,
    approvers: approverRoles(policy),
    allowedRoles: policy.approvals.allowedRoles,
    expiresInMs: parseDuration(policy.approvals.expiry),
    keys: trustedApprovalKeys(policy),
    unsignedApprovals: unsignedApprovalsAllowed(policy, production),
    ...passkeyTrust(policy),
  };
}

/** The passkey fields of a requirement, present only when the policy names a console: no passkey counts without one. */
function passkeyTrust(policy: Policy, approved?: Record<string, EnrolledPasskey[]>): Pick<ApprovalRequirement, 'passkeys' | 'passkeyRelyingParty'> {
  const relyingParty = passkeyRelyingParty(policy);
  return relyingParty ? { passkeys: trustedPasskeys(policy, approved), passkeyRelyingParty: relyingParty } : {};
}

/**
 * approver id → the passkeys an admin approved for them: those in the policy, plus
 * `approved` (enrollments an admin approved with a signed command, already verified by the
 * caller). Only passkeys registered for the policy's rpId are kept.
 */
export function trustedPasskeys(policy: Policy, approved: Record<string, EnrolledPasskey[]> = {}): Record<string, EnrolledPasskey[]> {
  const rpId = policy.approvals.passkeys.rpId;
  const passkeys: Record<string, EnrolledPasskey[]> = {};
  for (const [id, entry] of Object.entries(policy.approvals.approvers)) {
    const extra = Object.hasOwn(approved, id) ? (approved[id] ?? []) : [];
    const all = [...(entry.passkeys ?? []), ...extra].filter((p) => p.rpId === rpId);
    if (all.length > 0) passkeys[id] = all.filter((p, i) => all.findIndex((q) => q.credentialId === p.credentialId) === i);
  }
  return passkeys;
}

/** The console's relying party, when the policy names one (rpId and at least one origin). */
export function passkeyRelyingParty(policy: Policy): PasskeyRelyingParty | undefined {
  const { rpId, origins } = policy.approvals.passkeys;
  return rpId && origins.length > 0 ? { rpId, origins } : undefined;
}

/** approver id → role. */
export function approverRoles(policy: Policy): Record<string, string> {
  return Object.fromEntries(Object.entries(policy.approvals.approvers).map(([id, entry]) => [id, entry.role]));
}

/** Unsigned approvals count only off production, and only when the policy turned requireSignatures off. */
export function unsignedApprovalsAllowed(policy: Policy, production: boolean): boolean {
  return !production && !policy.approvals.requireSignatures;
}

/**
 * approver id → the keys whose signature counts as theirs: their own, plus the Slack app's for
 * the approvers the policy maps Slack users or groups to (the app vouches only for them).
 */
export function trustedApprovalKeys(policy: Policy): Record<string, string[]> {
  const vouched = new Set(Object.values(policy.approvals.slack.approvers));
  const keys: Record<string, string[]> = {};
  for (const [id, entry] of Object.entries(policy.approvals.approvers)) {
    keys[id] = [...entry.keys, ...(vouched.has(id) ? policy.approvals.slack.appKeys : [])];
  }
  return keys;
}

export interface ApprovalStatus {
  satisfied: boolean;
  rejected: boolean;
  valid: Approval[];
  problems: string[];
  missing: number;
}

/** What an approval's signature is checked against: the workflow it names and the policy's keys now. */
export interface SignatureCheck {
  workflowId: string;
  keys: Record<string, string[]>;
  unsignedAllowed: boolean;
  passkeys?: Record<string, EnrolledPasskey[]>;
  passkeyRelyingParty?: PasskeyRelyingParty;
}

/** The signature check authorize() applies: the current policy's keys, unsigned only where it allows. */
export function signatureCheckFor(policy: Policy, workflowId: string, production: boolean): SignatureCheck {
  return {
    workflowId,
    keys: trustedApprovalKeys(policy),
    unsignedAllowed: unsignedApprovalsAllowed(policy, production),
    ...passkeyTrust(policy),
  };
}

/**
 * Counts approvals that are bound to this proposal, by distinct allowed humans other than
 * the proposer, given no later than `now` and not expired. Any rejection bound to the
 * proposal vetoes it, whoever sent it: failing safe costs a re-proposal, nothing more. With
 * `signatures`, an approval counts only with a valid signature by a key the policy lists for
 * its approver (or unsigned where the policy allows it).
 */
export function approvalStatus(
  approvals: readonly Approval[],
  requirement: ApprovalRequirement,
  proposalHash: string,
  proposer: Actor,
  now: string,
  signatures?: SignatureCheck,
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
    const unsigned =
      signatures &&
      signatureRefusal(a, signatures.workflowId, keysOf(signatures.keys, a.approver), signatures.unsignedAllowed, {
        credentials: passkeysOf(signatures.passkeys, a.approver),
        relyingParty: signatures.passkeyRelyingParty,
      });
    if (unsigned) {
      problems.push(unsigned);
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

/** The policy with admin-approved enrollments' passkeys added to their approvers (approvals/passkeys/enrollment.ts verified them). */
export function policyWithPasskeys(policy: Policy, approved: Record<string, EnrolledPasskey[]>): Policy {
  const approvers = { ...policy.approvals.approvers };
  for (const [id, passkeys] of Object.entries(approved)) {
    const entry = Object.hasOwn(approvers, id) ? approvers[id] : undefined;
    if (entry && passkeys.length > 0) approvers[id] = { ...entry, passkeys: [...(entry.passkeys ?? []), ...passkeys] };
  }
  return { ...policy, approvals: { ...policy.approvals, approvers } };
}
