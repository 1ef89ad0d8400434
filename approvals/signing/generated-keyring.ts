import type { Approval, DecideRequest } from '../../core/index.js';
import { formatSshPublicKey } from '../../core/index.js';
import type { Policy } from '../../guardrails/index.js';
import { signWithKeyPair } from './approval-signer.js';
import { generateKeyPair, type Ed25519KeyPair } from './openssh-key.js';

/**
 * Keys generated at run time, one per approver, for the demo, the eval scenarios and tests:
 * never committed, gone with the process unless written out. Each approver signs as a real one
 * would with `tollgate approvals approve --key`.
 */
export class GeneratedKeyring {
  private readonly pairs = new Map<string, Ed25519KeyPair>();

  constructor(private readonly label: string) {}

  keyPairOf(approver: string): Ed25519KeyPair {
    let pair = this.pairs.get(approver);
    if (!pair) this.pairs.set(approver, (pair = generateKeyPair(`${approver} (${this.label})`)));
    return pair;
  }

  publicKeyLineOf(approver: string): string {
    const pair = this.keyPairOf(approver);
    return formatSshPublicKey(pair.publicKey, pair.comment);
  }

  /** The policy with this keyring's key listed for each of its approvers. */
  withKeys(policy: Policy): Policy {
    const approvers = Object.fromEntries(
      Object.entries(policy.approvals.approvers).map(([id, entry]) => [id, { role: entry.role, keys: [...entry.keys, this.publicKeyLineOf(id)] }]),
    );
    return { ...policy, approvals: { ...policy.approvals, approvers } };
  }

  /** A decide payload signed by the approver's key for this workflow. */
  signed(workflowId: string, decision: DecideRequest, at = new Date().toISOString()): DecideRequest {
    const fields = {
      workflowId,
      proposalHash: decision.proposalHash,
      decision: decision.decision,
      approver: decision.approver,
      reason: decision.reason ?? '',
      at,
    };
    return { ...decision, reason: fields.reason, at, signature: signWithKeyPair(this.keyPairOf(decision.approver), fields) };
  }

  /** A recorded approval with its signature. */
  signedApproval(workflowId: string, approval: Approval): Approval {
    return { ...approval, signature: this.signed(workflowId, approval, approval.at).signature! };
  }
}
