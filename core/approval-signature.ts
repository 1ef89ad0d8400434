import type { ApprovalRequirement, DecideInput } from './approval.js';
import { canonicalJson } from './canonical-json.js';
import { verifySshSignature } from './sshsig.js';

/** The SSHSIG namespace of approvals: `ssh-keygen -Y sign -n tollgate`. */
export const APPROVAL_NAMESPACE = 'tollgate';

/** What an approver signs: these six fields, as canonical JSON (keys sorted, no whitespace). */
export interface SignedDecision {
  workflowId: string;
  proposalHash: string;
  decision: 'approve' | 'reject';
  approver: string;
  reason: string;
  at: string;
}

export function approvalMessage(fields: SignedDecision): string {
  const { workflowId, proposalHash, decision, approver, reason, at } = fields;
  return canonicalJson({ workflowId, proposalHash, decision, approver, reason, at });
}

/** The trusted keys of one approver, read as own entries only. */
export function keysOf(keys: ApprovalRequirement['keys'], approver: string): string[] {
  return keys && Object.hasOwn(keys, approver) ? (keys[approver] ?? []) : [];
}

/**
 * Why a decision's signature does not count, or undefined when it does. An approval needs a
 * valid signature unless `unsignedAllowed`; a rejection may come unsigned (it can only stop a
 * change). A signature that is present must always verify. Pure and deterministic: the
 * workflow's validator, authorize() and `audit verify` share it.
 */
export function signatureRefusal(
  decision: Pick<DecideInput, 'proposalHash' | 'decision' | 'approver' | 'reason' | 'signature'> & { at?: string },
  workflowId: string,
  trustedKeys: readonly string[],
  unsignedAllowed: boolean,
): string | undefined {
  if (decision.signature === undefined) {
    if (decision.decision === 'reject' || unsignedAllowed) return undefined;
    return `${decision.approver}'s approval is not signed: the policy requires a signature (sign with "tollgate approvals approve --key FILE" or ssh-agent; docs/approvals.md)`;
  }
  if (!decision.at) return `${decision.approver}'s signed decision has no "at": the time is part of what is signed`;
  if (trustedKeys.length === 0)
    return `${decision.approver} has no key in the policy (approvals.approvers.<id>.keys), so no signature of theirs can be checked`;
  const message = approvalMessage({ ...decision, reason: decision.reason ?? '', at: decision.at, workflowId });
  const verified = verifySshSignature(decision.signature, message, APPROVAL_NAMESPACE, trustedKeys);
  return verified.ok ? undefined : `${decision.approver}'s signature is not valid: ${verified.reason}`;
}
