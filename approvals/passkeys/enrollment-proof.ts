import {
  APPROVAL_NAMESPACE,
  approvalMessage,
  canonicalJson,
  keysOf,
  sha256Hex,
  verifySshSignature,
  type EnrolledPasskey,
  type SignedDecision,
} from '../../core/index.js';
import { trustedApprovalKeys, type Policy } from '../../guardrails/index.js';

// An admin's approval (or revocation) of a passkey enrollment is an approval signature like any
// other: an SSHSIG in the `tollgate` namespace over the six decision fields, where the
// "workflow" is the enrollment and the "proposal hash" is the hash of the passkey it names.
// So the CLI signs it with the same key file or ssh-agent, and `audit verify` re-verifies it.

export const ENROLLMENT_PREFIX = 'passkey-enrollment:';

export interface EnrollmentDecision {
  enrollmentId: string;
  approver: string;
  passkey: EnrolledPasskey;
  action: 'approve' | 'revoke';
  admin: string;
  reason: string;
  at: string;
}

/** SHA-256 hex of what an admin vouches for: this approver holds this passkey for this relying party. */
export function enrollmentHash(approver: string, passkey: EnrolledPasskey): string {
  const bound = { approver, credentialId: passkey.credentialId, publicKey: passkey.publicKey, rpId: passkey.rpId };
  return sha256Hex(canonicalJson(bound));
}

/** The fields the admin signs. */
export function enrollmentSignedFields(d: EnrollmentDecision): SignedDecision {
  return {
    workflowId: `${ENROLLMENT_PREFIX}${d.enrollmentId}`,
    proposalHash: enrollmentHash(d.approver, d.passkey),
    decision: d.action === 'approve' ? 'approve' : 'reject',
    approver: d.admin,
    reason: d.reason,
    at: d.at,
  };
}

/** Why an admin's signed decision on an enrollment does not count, or undefined when it does. Checked against the policy now. */
export function enrollmentDecisionRefusal(d: EnrollmentDecision, signature: string, policy: Policy): string | undefined {
  const admins = policy.approvals.passkeys.admins;
  if (!admins.includes(d.admin)) return `${d.admin} is not a passkey admin (approvals.passkeys.admins lists ${admins.join(', ') || 'nobody'})`;
  if (d.action === 'approve' && d.admin === d.approver) return `${d.admin} cannot approve their own passkey: another admin must`;
  if (!Object.hasOwn(policy.approvals.approvers, d.approver)) return `${d.approver} is not an approver in the policy`;
  if (d.action === 'approve' && d.passkey.rpId !== policy.approvals.passkeys.rpId)
    return `the passkey was registered for ${d.passkey.rpId}, but the console is ${policy.approvals.passkeys.rpId ?? 'not set (approvals.passkeys.rpId)'}`;
  const keys = keysOf(trustedApprovalKeys(policy), d.admin);
  if (keys.length === 0) return `${d.admin} has no SSH key in the policy (approvals.approvers.<id>.keys), so their signature cannot be checked`;
  const verified = verifySshSignature(signature, approvalMessage(enrollmentSignedFields(d)), APPROVAL_NAMESPACE, keys);
  return verified.ok ? undefined : `${d.admin}'s signature is not valid: ${verified.reason}`;
}
