import { canonicalJson } from './canonical-json.js';

/** What an approver signs: these six fields, as canonical JSON (keys sorted, no whitespace). */
export interface SignedDecision {
  workflowId: string;
  proposalHash: string;
  decision: 'approve' | 'reject';
  approver: string;
  reason: string;
  at: string;
}

/** The signed message of every proof: the SSH signature's message, the passkey challenge's preimage. */
export function approvalMessage(fields: SignedDecision): string {
  const { workflowId, proposalHash, decision, approver, reason, at } = fields;
  return canonicalJson({ workflowId, proposalHash, decision, approver, reason, at });
}
