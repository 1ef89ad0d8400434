import type { Approval, DecideRequest } from '../../core/index.js';
import { signWithKeyPair } from '../../approvals/signing/approval-signer.js';
import { formatSshPublicKey } from '../../core/index.js';
import { generateKeyPair, type Ed25519KeyPair } from '../../approvals/signing/openssh-key.js';
import type { Policy } from '../../guardrails/index.js';

// Keys generated for this test process (never committed): each approver a test names signs
// its decisions, as a real approver would with `tollgate approvals approve --key`.
const pairs = new Map<string, Ed25519KeyPair>();

export function keyPairOf(approver: string): Ed25519KeyPair {
  let pair = pairs.get(approver);
  if (!pair) pairs.set(approver, (pair = generateKeyPair(`${approver} (test)`)));
  return pair;
}

export function publicKeyLineOf(approver: string): string {
  const pair = keyPairOf(approver);
  return formatSshPublicKey(pair.publicKey, pair.comment);
}

/** The policy with a generated key listed for each of its approvers. */
export function withApproverKeys(policy: Policy): Policy {
  const approvers = Object.fromEntries(
    Object.entries(policy.approvals.approvers).map(([id, entry]) => [id, { role: entry.role, keys: [...entry.keys, publicKeyLineOf(id)] }]),
  );
  return { ...policy, approvals: { ...policy.approvals, approvers } };
}

/** A decide payload signed by the approver's generated key for this workflow. */
export function signedDecision(workflowId: string, decision: DecideRequest, at = new Date().toISOString()): DecideRequest {
  const fields = {
    workflowId,
    proposalHash: decision.proposalHash,
    decision: decision.decision,
    approver: decision.approver,
    reason: decision.reason ?? '',
    at,
  };
  return { ...decision, reason: fields.reason, at, signature: signWithKeyPair(keyPairOf(decision.approver), fields) };
}

/** A recorded approval with its signature, for guardrail tests that build approvals by hand. */
export function signedApproval(workflowId: string, approval: Approval): Approval {
  return { ...approval, signature: signedDecision(workflowId, approval, approval.at).signature! };
}

/** The same armored signature with one bit of the ed25519 signature flipped: a forgery. */
export function forged(armored: string): string {
  const lines = armored.trim().split('\n');
  const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
  body[body.length - 5]! ^= 0x01;
  return [lines[0], ...body.toString('base64').match(/.{1,70}/g)!, lines.at(-1)].join('\n');
}
