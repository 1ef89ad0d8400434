import {
  actionHash,
  addMs,
  idempotencyKeyFor,
  plannedAction,
  type Action,
  type Actor,
  type Approval,
  type ApprovalRequirement,
  type ExecutionTicket,
  type Verdict,
} from '../core/index.js';
import { mintTicket } from '../core/ticket-mint.js';
import { approvalStatus } from './approvals.js';
import { authorizationRefusals, type AuthorizeInput } from './authorize-conditions.js';
import { OFF_HOURS_RULE_VERSIONS, offHoursFiring, offHoursRefusals, type AuthorizeOffHoursInput } from './authorize-off-hours-conditions.js';
import type { Policy } from './policy.js';

export type { AuthorizeInput } from './authorize-conditions.js';
export type { AuthorizeOffHoursInput } from './authorize-off-hours-conditions.js';

export type Authorization = { allowed: true; ticket: ExecutionTicket; reasons: [] } | { allowed: false; reasons: string[] };

/** The only source of ExecutionTickets. Pure: the clock is an input. */
export function authorize(input: AuthorizeInput): Authorization {
  const { refusals, status } = authorizationRefusals(input);
  if (refusals.length > 0) return { allowed: false, reasons: refusals };
  const hash = actionHash(input.action);
  const ticket = mintTicket({
    actionHash: hash,
    idempotencyKey: idempotencyKeyFor(hash, input.scope),
    issuedAt: input.now,
    expiresAt: addMs(input.now, input.policy.execution.ticketTtlMinutes * 60_000),
    approvers: status.valid.map((a) => a.approver),
    ruleVersions: input.verdict.ruleVersions,
    purpose: 'apply',
  });
  return { allowed: true, ticket, reasons: [] };
}

export interface AuthorizeDryRunInput {
  action: Action;
  verdict: Verdict;
  policy: Policy;
  scope: string;
  now: string;
}

/**
 * A plan-only ticket, so the provider can validate the change (AWS DryRun and the like)
 * before a human decides. It needs a passed verdict on fresh facts, no approval, and the
 * mutation layer refuses it for anything but a dry-run.
 */
export function authorizeDryRun(input: AuthorizeDryRunInput): Authorization {
  const { action, verdict, policy, now } = input;
  const hash = actionHash(action);
  const reasons: string[] = [];
  if (!verdict.passed) reasons.push('the verdict did not pass');
  if (verdict.actionHash !== hash) reasons.push('the verdict was computed for a different action');
  const ageMs = Date.parse(now) - Date.parse(verdict.factsAt);
  if (!(ageMs >= 0 && ageMs <= policy.execution.maxFactsAgeMinutes * 60_000)) reasons.push(`facts from ${verdict.factsAt} are too old for a plan`);
  if (reasons.length > 0) return { allowed: false, reasons };
  // An off-hours enrollment is validated as the stop it allows: the ticket covers that stop, for a dry-run only.
  const plannedHash = actionHash(plannedAction(action));
  const ticket = mintTicket({
    actionHash: plannedHash,
    idempotencyKey: idempotencyKeyFor(plannedHash, `plan:${input.scope}`),
    issuedAt: now,
    expiresAt: addMs(now, policy.execution.ticketTtlMinutes * 60_000),
    approvers: [],
    ruleVersions: verdict.ruleVersions,
    purpose: 'plan',
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
 * no new human decision, and no freeze window, stands between a regression and its repair.
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

/**
 * A scheduled stop or start under a standing off-hours enrollment: the humans approved the
 * schedule once, so no new decision is asked, but every fact is judged again each night.
 */
export function authorizeOffHours(input: AuthorizeOffHoursInput): Authorization {
  const { refusals, status } = offHoursRefusals(input);
  if (refusals.length > 0 || !status) return { allowed: false, reasons: refusals };
  const phase = input.action.type as 'stop' | 'start';
  const firing = offHoursFiring(input.enrollment.action as Parameters<typeof offHoursFiring>[0], phase, input.policy, input.now)!;
  const hash = actionHash(input.action);
  const ticket = mintTicket({
    actionHash: hash,
    idempotencyKey: idempotencyKeyFor(hash, `off-hours:${input.scope}:${new Date(firing).toISOString()}`),
    issuedAt: input.now,
    expiresAt: addMs(input.now, input.policy.execution.ticketTtlMinutes * 60_000),
    approvers: status.valid.map((a) => a.approver),
    ruleVersions: { ...OFF_HOURS_RULE_VERSIONS },
    purpose: 'apply',
  });
  return { allowed: true, ticket, reasons: [] };
}
