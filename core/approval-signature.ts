import type { ApprovalRequirement, DecideInput } from './approval.js';
import { approvalMessage } from './approval-message.js';
import { verifyPasskeyAssertion, type EnrolledPasskey, type PasskeyRelyingParty } from './passkey.js';
import { verifySshSignature } from './sshsig.js';

export { approvalMessage, type SignedDecision } from './approval-message.js';

/** The SSHSIG namespace of approvals: `ssh-keygen -Y sign -n tollgate`. */
export const APPROVAL_NAMESPACE = 'tollgate';

/** The trusted keys of one approver, read as own entries only. */
export function keysOf(keys: ApprovalRequirement['keys'], approver: string): string[] {
  return keys && Object.hasOwn(keys, approver) ? (keys[approver] ?? []) : [];
}

/** The enrolled passkeys of one approver, read as own entries only. */
export function passkeysOf(passkeys: ApprovalRequirement['passkeys'], approver: string): EnrolledPasskey[] {
  return passkeys && Object.hasOwn(passkeys, approver) ? (passkeys[approver] ?? []) : [];
}

/** What a passkey assertion is checked against: the approver's enrolled passkeys and the console's relying party. */
export interface PasskeyTrust {
  credentials: readonly EnrolledPasskey[];
  relyingParty?: PasskeyRelyingParty;
}

/**
 * Why a decision's signature does not count, or undefined when it does. An approval needs a
 * valid signature unless `unsignedAllowed`; a rejection may come unsigned (it can only stop a
 * change). A signature that is present must always verify. Pure and deterministic: the
 * workflow's validator, authorize() and `audit verify` share it.
 */
export function signatureRefusal(
  decision: Pick<DecideInput, 'proposalHash' | 'decision' | 'approver' | 'reason' | 'signature' | 'passkey'> & { at?: string },
  workflowId: string,
  trustedKeys: readonly string[],
  unsignedAllowed: boolean,
  passkeys: PasskeyTrust = { credentials: [] },
): string | undefined {
  if (decision.signature !== undefined && decision.passkey !== undefined)
    return `${decision.approver}'s decision carries both an SSH signature and a passkey assertion: send one`;
  if (decision.passkey !== undefined) return passkeyRefusal({ ...decision, passkey: decision.passkey }, workflowId, passkeys);
  if (decision.signature === undefined) {
    if (decision.decision === 'reject' || unsignedAllowed) return undefined;
    return `${decision.approver}'s approval is not signed: the policy requires a signature (sign with "tollgate approvals approve --key FILE", ssh-agent, or a passkey in the console; docs/approvals.md)`;
  }
  if (!decision.at) return `${decision.approver}'s signed decision has no "at": the time is part of what is signed`;
  if (trustedKeys.length === 0)
    return `${decision.approver} has no key in the policy (approvals.approvers.<id>.keys), so no signature of theirs can be checked`;
  const message = approvalMessage({ ...decision, reason: decision.reason ?? '', at: decision.at, workflowId });
  const verified = verifySshSignature(decision.signature, message, APPROVAL_NAMESPACE, trustedKeys);
  return verified.ok ? undefined : `${decision.approver}'s signature is not valid: ${verified.reason}`;
}

/** A passkey approval is a signature: the same six fields, checked with verifyPasskeyAssertion(). */
function passkeyRefusal(
  decision: Pick<DecideInput, 'proposalHash' | 'decision' | 'approver' | 'reason'> & { at?: string; passkey: NonNullable<DecideInput['passkey']> },
  workflowId: string,
  trust: PasskeyTrust,
): string | undefined {
  if (!decision.at) return `${decision.approver}'s passkey decision has no "at": the time is part of what is signed`;
  if (!trust.relyingParty) return `no passkey approval can be checked: the policy names no console (approvals.passkeys.rpId and origins)`;
  if (trust.credentials.length === 0)
    return `${decision.approver} has no enrolled passkey (approvals.approvers.<id>.passkeys, or an admin-approved enrollment), so no passkey approval of theirs can be checked`;
  const fields = { ...decision, reason: decision.reason ?? '', at: decision.at, workflowId };
  const verified = verifyPasskeyAssertion(decision.passkey, fields, trust.credentials, trust.relyingParty);
  return verified.ok ? undefined : `${decision.approver}'s passkey approval is not valid: ${verified.reason}`;
}
