import type { DecideRequest } from '../../core/index.js';
import type { Policy } from '../../guardrails/index.js';
import { resolveSigner } from './approval-signer.js';

export interface SigningOptions {
  /** --key: a private key file, or a .pub whose private half is in ssh-agent. */
  keyFile?: string;
  /** SSH_AUTH_SOCK */
  agentSocket?: string;
  now: () => Date;
}

/**
 * Signs a decision for one workflow the way `approvals approve|reject` does: with --key, else
 * with the agent key the policy lists for the approver. With neither, the decision goes unsigned
 * and the workflow refuses it unless the policy allows that. A rejection that cannot be signed
 * goes unsigned: it can only stop a change.
 */
export async function signDecision(policy: Policy, workflowId: string, decision: DecideRequest, options: SigningOptions): Promise<DecideRequest> {
  const { keyFile, agentSocket } = options;
  if (!keyFile && !agentSocket) return decision;
  const own = Object.hasOwn(policy.approvals.approvers, decision.approver) ? (policy.approvals.approvers[decision.approver]?.keys ?? []) : [];
  // No --key and no key in the policy: nothing in the agent could count, so send it unsigned.
  if (!keyFile && own.length === 0) return decision;
  const fields = { workflowId, proposalHash: decision.proposalHash, decision: decision.decision, approver: decision.approver, reason: decision.reason ?? '' };
  try {
    const signer = await resolveSigner({
      ...(keyFile ? { keyFile } : {}),
      ...(agentSocket ? { agentSocket } : {}),
      approverKeys: own,
      approver: decision.approver,
    });
    const at = options.now().toISOString();
    const { workflowId: _signedFor, ...decide } = fields;
    return { ...decide, at, signature: await signer.sign({ ...fields, at }) };
  } catch (error) {
    if (decision.decision === 'reject' && !keyFile) return decision;
    throw error;
  }
}
