import { approverRefusal, type Actor, type Approval, type ApprovalRequirement } from '../../core/index.js';
import type { DecisionSpec } from './scenario.js';

/** A hash no proposal has: what an approver holding an outdated request would send. */
export const STALE_HASH = 'f'.repeat(64);

export function hashFor(decision: DecisionSpec, pendingHash: string): string {
  return decision.staleHash ? STALE_HASH : pendingHash;
}

/**
 * The refusals the workflow's `decide` validator makes, for the fast mode that runs without
 * Temporal: stale hash, not an approver, wrong role, the proposer, a second vote.
 */
export function fastModeRefusal(
  decision: DecisionSpec,
  pendingHash: string,
  requirement: ApprovalRequirement,
  proposer: Actor,
  approvals: readonly Approval[],
): string | undefined {
  if (hashFor(decision, pendingHash) !== pendingHash) return 'stale proposal hash';
  const refusal = approverRefusal(decision.by, requirement, proposer);
  if (refusal) return refusal;
  if (approvals.some((a) => a.approver === decision.by)) return `${decision.by} has already decided on this proposal`;
  return undefined;
}
