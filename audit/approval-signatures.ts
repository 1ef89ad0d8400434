import {
  APPROVAL_NAMESPACE,
  approvalMessage,
  EnrolledPasskeySchema,
  PasskeyAssertionSchema,
  PasskeyRelyingPartySchema,
  parseSshPublicKey,
  verifyPasskeyAssertion,
  verifySshSignature,
  type DecisionRecord,
  type EnrolledPasskey,
  type PasskeyRelyingParty,
  type SignedDecision,
} from '../core/index.js';

/** How one recorded approval fared when its signature was checked again. */
export interface ApprovalReverification {
  seq: number;
  workflowId: string;
  approver: string;
  decision: string;
  /** policy: a key today's policy lists; log: the key the approval record names (the policy of its time); */
  status: 'verified-by-policy' | 'verified-by-recorded-key' | 'unsigned' | 'invalid';
  reason?: string;
}

export interface ApprovalsVerification {
  ok: boolean;
  checked: number;
  results: ApprovalReverification[];
}

interface RecordedApproval {
  proposalHash: string;
  decision: string;
  approver: string;
  reason?: string;
  at: string;
  signature?: string;
  signedWith?: string;
  passkey?: unknown;
  passkeyCredential?: unknown;
  passkeyRelyingParty?: unknown;
}

/** Today's policy's passkeys (approver id → enrolled passkeys) and its console, for passkey approvals. */
export interface CurrentPasskeys {
  passkeys: Record<string, EnrolledPasskey[]>;
  relyingParty?: PasskeyRelyingParty;
}

/**
 * Re-verifies the signature of every recorded decision, offline. The policy history is not
 * kept, so a signature counts when it verifies against a key today's policy lists for the
 * approver, or against the key the approval record names (the key the workflow's validator
 * accepted from the policy of that time; as trustworthy as the chain it sits in). A record
 * that carries a signature which verifies against neither is a failure; unsigned decisions are
 * listed (the policy of their time may have allowed them: rejections, requireSignatures off).
 */
export function reverifyApprovals(
  records: readonly DecisionRecord[],
  currentKeys: Record<string, string[]>,
  currentPasskeys: CurrentPasskeys = { passkeys: {} },
): ApprovalsVerification {
  const results: ApprovalReverification[] = [];
  for (const record of records) {
    if (record.step !== 'approve' || !isApproval(record.output)) continue;
    const a = record.output;
    const base = { seq: record.seq, workflowId: record.workflowId, approver: a.approver, decision: a.decision };
    const fields: SignedDecision = {
      workflowId: record.workflowId,
      proposalHash: a.proposalHash,
      decision: a.decision as 'approve' | 'reject',
      approver: a.approver,
      reason: a.reason ?? '',
      at: a.at,
    };
    if (a.passkey !== undefined) {
      results.push({ ...base, ...reverifyPasskey(a, fields, currentPasskeys) });
      continue;
    }
    if (a.signature === undefined) {
      results.push({ ...base, status: 'unsigned' });
      continue;
    }
    const message = approvalMessage(fields);
    const policyKeys = Object.hasOwn(currentKeys, a.approver) ? (currentKeys[a.approver] ?? []) : [];
    if (verifySshSignature(a.signature, message, APPROVAL_NAMESPACE, policyKeys).ok) {
      results.push({ ...base, status: 'verified-by-policy' });
      continue;
    }
    const recorded = a.signedWith && isKeyLine(a.signedWith) ? verifySshSignature(a.signature, message, APPROVAL_NAMESPACE, [a.signedWith]) : undefined;
    if (recorded?.ok) results.push({ ...base, status: 'verified-by-recorded-key' });
    else
      results.push({
        ...base,
        status: 'invalid',
        reason: recorded && !recorded.ok ? recorded.reason : 'no key of today’s policy and no recorded key verifies it',
      });
  }
  return { ok: results.every((r) => r.status !== 'invalid'), checked: results.length, results };
}

/**
 * A passkey approval, the same way: against a passkey today's policy enrolls for the approver
 * and today's console, or against the passkey and console the record names (what the validator
 * accepted then).
 */
function reverifyPasskey(a: RecordedApproval, fields: SignedDecision, current: CurrentPasskeys): Pick<ApprovalReverification, 'status' | 'reason'> {
  const assertion = PasskeyAssertionSchema.safeParse(a.passkey);
  if (!assertion.success) return { status: 'invalid', reason: 'the recorded passkey assertion is malformed' };
  const enrolled = Object.hasOwn(current.passkeys, a.approver) ? (current.passkeys[a.approver] ?? []) : [];
  if (current.relyingParty && verifyPasskeyAssertion(assertion.data, fields, enrolled, current.relyingParty).ok) return { status: 'verified-by-policy' };
  const credential = EnrolledPasskeySchema.safeParse(a.passkeyCredential);
  const relyingParty = PasskeyRelyingPartySchema.safeParse(a.passkeyRelyingParty);
  if (!credential.success || !relyingParty.success)
    return { status: 'invalid', reason: 'no passkey of today’s policy verifies it and the record names no usable passkey' };
  const recorded = verifyPasskeyAssertion(assertion.data, fields, [credential.data], relyingParty.data);
  return recorded.ok ? { status: 'verified-by-recorded-key' } : { status: 'invalid', reason: recorded.reason };
}

function isApproval(output: unknown): output is RecordedApproval {
  const o = output as Partial<RecordedApproval> | null;
  return typeof o === 'object' && o !== null && typeof o.approver === 'string' && typeof o.proposalHash === 'string' && typeof o.at === 'string';
}

function isKeyLine(line: string): boolean {
  try {
    parseSshPublicKey(line);
    return true;
  } catch {
    return false;
  }
}
