import {
  actionHash,
  proposalHash,
  describeVariants,
  type Action,
  type Actor,
  type Approval,
  type ApprovalRequirement,
  type Proposal,
  type Resource,
  type Verdict,
} from '../core/index.js';
import { approvalRequirement, approvalStatus, signatureCheckFor, type ApprovalStatus } from './approvals.js';
import { activeFreeze } from './freeze-window.js';
import type { Policy } from './policy.js';
import { tagsOf } from './resource-tags.js';
import { isProduction } from './risk.js';

export interface AuthorizeInput {
  action: Action;
  verdict: Verdict;
  proposalHash: string;
  proposer: Actor;
  approvals: readonly Approval[];
  requirement: ApprovalRequirement;
  policy: Policy;
  /** The workflow that owns this change: the idempotency key is unique to it, and approvals are signed for it. */
  scope: string;
  /** Actions already executed in this run, for the blast-radius limit. */
  actionsThisRun: number;
  /** Monthly $ already changed by this run's actions (default 0), for the blast-radius limit in money. */
  monthlyUsdChangedThisRun?: number;
  /** The resource as just re-read: enables the exclusion-tag, production and policy-derived approval checks here too. */
  resource?: Resource;
  /** The proposal the approvers saw: its hash must be the one approved and its action the one authorized. */
  proposal?: Pick<Proposal, 'findingId' | 'action' | 'estimatedMonthlySavingsUsd'>;
  now: string;
}

/** The check name authorize() insists on finding, passed, in a verdict: proof the full registry ran. */
export const REQUIRED_VERDICT_CHECK = 'exclusion-tag';

/** Every reason authorize() must refuse; empty means allowed. Pure: the clock is an input. */
export function authorizationRefusals(input: AuthorizeInput): { refusals: string[]; status: ApprovalStatus } {
  const { action, verdict, policy, now } = input;
  const refusals: string[] = [];
  const hash = actionHash(action);
  if (!verdict.passed) refusals.push('the verdict did not pass');
  if (verdict.actionHash !== hash) refusals.push('the verdict was computed for a different action');
  if (!verdict.results.some((r) => r.check === REQUIRED_VERDICT_CHECK && r.passed)) {
    refusals.push(`the verdict lacks a passed ${REQUIRED_VERDICT_CHECK} check: it did not come from the full registry`);
  }
  const factsAgeMs = Date.parse(now) - Date.parse(verdict.factsAt);
  if (!(factsAgeMs >= 0 && factsAgeMs <= policy.execution.maxFactsAgeMinutes * 60_000)) {
    refusals.push(`facts from ${verdict.factsAt} are older than ${policy.execution.maxFactsAgeMinutes} min`);
  }
  if (input.proposal && (proposalHash(input.proposal) !== input.proposalHash || actionHash(input.proposal.action) !== hash)) {
    refusals.push('the approved proposal is not this action');
  }
  // The policy, not the caller, has the last word on how many approvals a resource needs.
  const requirement = input.resource ? strictest(input.requirement, approvalRequirement(input.resource, policy)) : input.requirement;
  // Signatures are checked again against today's keys: a key removed from the policy signs nothing new.
  // Without the re-read resource, production cannot be ruled out, so the strict reading applies.
  const production = input.resource ? isProduction(input.resource, policy) : true;
  const signatures = signatureCheckFor(policy, input.scope, production);
  const status = approvalStatus(input.approvals, requirement, input.proposalHash, input.proposer, now, signatures);
  if (status.rejected) refusals.push('the proposal was rejected');
  if (status.missing > 0) refusals.push(`${status.missing} more approval(s) needed${status.problems.length ? `: ${status.problems.join('; ')}` : ''}`);
  if (input.actionsThisRun >= policy.execution.maxActionsPerRun) {
    refusals.push(`blast radius: ${input.actionsThisRun} actions already this run (limit ${policy.execution.maxActionsPerRun})`);
  }
  const usdWithThis = (input.monthlyUsdChangedThisRun ?? 0) + verdictMonthlyUsd(verdict);
  if (usdWithThis > policy.execution.maxMonthlyUsdChangedPerRun) {
    refusals.push(`blast radius: $${usdWithThis}/month changed this run with this action (limit $${policy.execution.maxMonthlyUsdChangedPerRun})`);
  }
  if (!policy.execution.allowedActions.includes(action.type)) refusals.push(`${action.type} is not an allowed action`);
  const freeze = activeFreeze(policy.freezeWindows, now);
  if (freeze) refusals.push(`freeze window "${freeze.name}" until ${freeze.to}`);
  if (input.resource) refusals.push(...resourceRefusals(input.resource, action, policy));
  return { refusals, status };
}

function resourceRefusals(resource: Resource, action: Action, policy: Policy): string[] {
  const refusals: string[] = [];
  if (resource.id !== action.resourceId) refusals.push(`the resource given is ${resource.id}, not ${action.resourceId}`);
  const excluding = tagsOf(resource, policy).exclusionVariants;
  if (excluding.length > 0) refusals.push(`the resource is tagged ${describeVariants(excluding)}`);
  if (isProduction(resource, policy) && policy.execution.blockedInProduction.includes(action.type)) refusals.push(`${action.type} is blocked in production`);
  return refusals;
}

function strictest(given: ApprovalRequirement, fromPolicy: ApprovalRequirement): ApprovalRequirement {
  return {
    ...fromPolicy,
    required: Math.max(given.required, fromPolicy.required),
    expiresInMs: Math.min(given.expiresInMs, fromPolicy.expiresInMs),
  };
}

/** The monthly $ the blast-radius check priced this action at, as recorded in the verdict. */
function verdictMonthlyUsd(verdict: Verdict): number {
  const usd = verdict.results.find((r) => r.check === 'blast-radius')?.numbers.actionMonthlyUsd;
  return typeof usd === 'number' ? usd : 0;
}
