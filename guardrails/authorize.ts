import {
  actionHash,
  addMs,
  idempotencyKeyFor,
  type Action,
  type Actor,
  type Approval,
  type ApprovalRequirement,
  type ExecutionTicket,
  type Verdict,
} from '../core/index.js';
import { mintTicket } from '../core/ticket-mint.js';
import { approvalStatus } from './approvals.js';
import type { Policy } from './policy.js';

export interface AuthorizeInput {
  action: Action;
  verdict: Verdict;
  proposalHash: string;
  proposer: Actor;
  approvals: readonly Approval[];
  requirement: ApprovalRequirement;
  policy: Policy;
  /** The workflow that owns this change: the idempotency key is unique to it. */
  scope: string;
  /** Actions already executed in this run, for the blast-radius limit. */
  actionsThisRun: number;
  now: string;
}

export type Authorization = { allowed: true; ticket: ExecutionTicket; reasons: [] } | { allowed: false; reasons: string[] };

/** The only source of ExecutionTickets. Pure: the clock is an input. */
export function authorize(input: AuthorizeInput): Authorization {
  const { action, verdict, policy, now } = input;
  const reasons: string[] = [];
  const hash = actionHash(action);
  if (!verdict.passed) reasons.push('the verdict did not pass');
  if (verdict.actionHash !== hash) reasons.push('the verdict was computed for a different action');
  const factsAgeMs = Date.parse(now) - Date.parse(verdict.factsAt);
  if (!(factsAgeMs >= 0 && factsAgeMs <= policy.execution.maxFactsAgeMinutes * 60_000)) {
    reasons.push(`facts from ${verdict.factsAt} are older than ${policy.execution.maxFactsAgeMinutes} min`);
  }
  const status = approvalStatus(input.approvals, input.requirement, input.proposalHash, input.proposer, now);
  if (status.rejected) reasons.push('the proposal was rejected');
  if (status.missing > 0) reasons.push(`${status.missing} more approval(s) needed${status.problems.length ? `: ${status.problems.join('; ')}` : ''}`);
  if (input.actionsThisRun >= policy.execution.maxActionsPerRun) {
    reasons.push(`blast radius: ${input.actionsThisRun} actions already this run (limit ${policy.execution.maxActionsPerRun})`);
  }
  if (!policy.execution.allowedActions.includes(action.type)) reasons.push(`${action.type} is not an allowed action`);
  if (reasons.length > 0) return { allowed: false, reasons };
  const ticket = mintTicket({
    actionHash: hash,
    idempotencyKey: idempotencyKeyFor(hash, input.scope),
    issuedAt: now,
    expiresAt: addMs(now, policy.execution.ticketTtlMinutes * 60_000),
    approvers: status.valid.map((a) => a.approver),
    ruleVersions: verdict.ruleVersions,
    purpose: 'apply',
  });
  return { allowed: true, ticket, reasons: [] };
}

export interface AuthorizeRollbackInput {
  original: Action;
  inverse: Action;
  proposalHash: string;
  proposer: Actor;
  approvals: readonly Approval[];
  requirement: ApprovalRequirement;
  /** When and under which key the original change was applied. */
  appliedAt: string;
  appliedKey: string;
  policy: Policy;
  now: string;
}

/**
 * A rollback restores the recorded prior size of a change that verification found harmful.
 * The approvals that allowed the change (valid when it was applied) allow its undoing, so
 * no new human decision stands between a regression and its repair.
 */
export function authorizeRollback(input: AuthorizeRollbackInput): Authorization {
  const { original, inverse, policy, now } = input;
  const reasons: string[] = [];
  if (original.type !== 'resize' || inverse.type !== 'resize') reasons.push('only a resize can be rolled back automatically');
  else if (inverse.resourceId !== original.resourceId || inverse.toSku !== original.fromSku || inverse.fromSku !== original.toSku) {
    reasons.push('a rollback may only restore the recorded prior size of the same resource');
  }
  const status = approvalStatus(input.approvals, input.requirement, input.proposalHash, input.proposer, input.appliedAt);
  if (!status.satisfied) reasons.push('the original change was not approved as the policy requires');
  if (reasons.length > 0) return { allowed: false, reasons };
  const hash = actionHash(inverse);
  const ticket = mintTicket({
    actionHash: hash,
    idempotencyKey: idempotencyKeyFor(hash, `rollback:${input.appliedKey}`),
    issuedAt: now,
    expiresAt: addMs(now, policy.execution.ticketTtlMinutes * 60_000),
    approvers: status.valid.map((a) => a.approver),
    ruleVersions: {},
    purpose: 'rollback',
  });
  return { allowed: true, ticket, reasons: [] };
}
