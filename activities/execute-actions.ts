import { ApplicationFailure } from '@temporalio/activity';
import { ScopeRefused } from '../clouds/scoped-cloud.js';
import type { MutationPlan, MutationResult } from '../clouds/provider.js';
import {
  actionHash,
  idempotencyKeyFor,
  inverseOf,
  plannedAction,
  type Approval,
  type ApprovalRequirement,
  type Finding,
  type Proposal,
  type StepOutput,
  type Verdict,
} from '../core/index.js';
import { ROLLBACK_FAILED } from '../core/workflow-contract.js';
import { authorizeDryRun, authorizeRollback } from '../guardrails/index.js';
import type { ActionDeps } from './deps.js';
import { authorizeOnFreshFacts } from './fresh-authorization.js';
import { recordStep, SYSTEM } from './record.js';
import { offHoursPlan } from './off-hours-plan.js';
import { claimRunSlot } from './run-slot.js';

export interface ExecuteInput {
  workflowId: string;
  runId: string;
  finding: Finding;
  proposal: Proposal;
  proposalHash: string;
  approvals: Approval[];
  requirement: ApprovalRequirement;
}

export type RollbackFailure = 'refused' | 'failed';

export type ExecuteOutput = { status: 'applied'; plan: MutationPlan | undefined; result: MutationResult } | { status: 'aborted'; reasons: string[] };

/**
 * Activities of the actions worker, the only code that calls a cloud mutation. Each one
 * re-reads the resource, re-runs the checks, gets a ticket from authorize(), dry-runs,
 * then applies once under an idempotency key.
 */
export function createActionActivities(deps: ActionDeps) {
  // The policy is read on every call: a reloaded policy applies to the next step.
  const { audit, clock, log } = deps;

  return {
    /** The dry-run before approval: a plan-only ticket, the provider's validation, nothing changed. */
    async previewChange(input: { workflowId: string; finding: Finding; proposal: Proposal; verdict: Verdict }): Promise<MutationPlan> {
      const { workflowId, finding, proposal } = input;
      const authorization = authorizeDryRun({ action: proposal.action, verdict: input.verdict, policy: deps.policy, scope: workflowId, now: clock() });
      if (!authorization.allowed) throw ApplicationFailure.nonRetryable(`dry-run refused: ${authorization.reasons.join('; ')}`);
      const validated = await deps
        .providerFor(finding.provider)
        .plan(plannedAction(proposal.action), authorization.ticket)
        .catch((error: unknown) => {
          // A read-only scope (tollgate.yaml) refuses for good: retrying cannot make it writable.
          throw error instanceof ScopeRefused ? ApplicationFailure.nonRetryable(error.message, 'ScopeRefused') : error;
        });
      const plan = proposal.action.type === 'off-hours' ? offHoursPlan(proposal.action, validated, deps.policy) : validated;
      await recordStep(audit, {
        workflowId,
        findingId: finding.id,
        step: 'plan',
        actor: SYSTEM,
        input: { action: proposal.action },
        summary: `dry-run of ${proposal.action.type} on ${proposal.action.resourceId}`,
        output: plan,
        outcome: `validated by ${plan.validatedBy}`,
        at: clock(),
        key: `${workflowId}:plan`,
      });
      return plan;
    },

    async executeAction(input: ExecuteInput): Promise<ExecuteOutput> {
      const { workflowId, finding, proposal } = input;
      const cloud = deps.providerFor(finding.provider);
      const base = { workflowId, findingId: finding.id, actor: SYSTEM, input: { proposalHash: input.proposalHash, approvals: input.approvals } };

      // A retry after a crash finds its own earlier apply and finishes instead of re-checking a changed resource.
      // The key depends only on the action and the workflow, so it is known before any ticket exists.
      const earlier = await cloud.appliedResult(idempotencyKeyFor(actionHash(proposal.action), workflowId));
      if (earlier) {
        // The run's blast radius and $ limit count this change too: the record carries the run like any other apply.
        await record('applied', `${earlier.priorSku} → ${earlier.currentSku} (already applied under ${earlier.idempotencyKey})`, {
          kind: 'applied',
          runId: input.runId,
          monthlyUsd: proposal.estimatedMonthlySavingsUsd,
          result: earlier,
        });
        return { status: 'applied', plan: undefined, result: earlier };
      }

      // The slot is taken before the run's counts are read: a second worker applying at the same moment sees it.
      const slot = await claimRunSlot(audit, {
        workflowId,
        findingId: finding.id,
        runId: input.runId,
        monthlyUsd: proposal.estimatedMonthlySavingsUsd,
        at: clock(),
      });
      const { verdict, authorization } = await authorizeOnFreshFacts(deps, cloud, input, clock(), slot);
      if (!authorization.allowed) return abort(authorization.reasons, verdict);
      const plan = await cloud.plan(proposal.action, authorization.ticket);
      const result = await cloud.apply(proposal.action, authorization.ticket);
      log.info({ workflowId, key: result.idempotencyKey, appliedNow: result.appliedNow }, 'action applied');
      await record(
        'applied',
        `${result.priorSku} → ${result.currentSku}`,
        { kind: 'applied', plan, result, runId: input.runId, monthlyUsd: proposal.estimatedMonthlySavingsUsd, ticket: authorization.ticket },
        verdict.ruleVersions,
      );
      return { status: 'applied', plan, result };

      async function abort(reasons: string[], verdict: unknown): Promise<ExecuteOutput> {
        log.warn({ workflowId, reasons }, 'execution aborted');
        await recordStep(audit, {
          ...base,
          step: 'abort',
          summary: `execution of ${proposal.action.resourceId} refused`,
          output: { reasons, verdict },
          outcome: `aborted: ${reasons.join('; ')}`,
          at: clock(),
          key: `${workflowId}:abort`,
        });
        return { status: 'aborted', reasons };
      }

      async function record(outcome: string, summary: string, output: StepOutput<'execute'>, ruleVersions?: Record<string, number>): Promise<void> {
        await recordStep(audit, {
          ...base,
          step: 'execute',
          summary,
          output,
          outcome,
          at: clock(),
          key: `${workflowId}:execute`,
          ...(ruleVersions ? { ruleVersions } : {}),
        });
      }
    },

    async rollbackAction(input: ExecuteInput & { applied: MutationResult; reason: string }): Promise<MutationResult> {
      const { workflowId, finding, proposal, applied } = input;
      const cloud = deps.providerFor(finding.provider);
      const inverse = inverseOf(proposal.action);
      const authorization = authorizeRollback({
        original: proposal.action,
        inverse,
        proposalHash: input.proposalHash,
        proposer: proposal.proposer,
        approvals: input.approvals,
        requirement: input.requirement,
        appliedAt: applied.at,
        appliedKey: applied.idempotencyKey,
        policy: deps.policy,
        now: clock(),
      });
      if (!authorization.allowed) return failed('refused', authorization.reasons);
      // A rollback the provider refuses to plan (the resource changed again, the size is gone) fails the same way on
      // every retry. An error while applying is retried under the idempotency key, which never applies twice; when the
      // retries run out, the workflow ends in RollbackFailed and records it.
      await cloud.plan(inverse, authorization.ticket).catch((error: unknown) => failed('failed', [(error as Error).message]));
      const result = await cloud.apply(inverse, authorization.ticket);
      await recordStep(audit, {
        workflowId,
        findingId: finding.id,
        step: 'rollback',
        actor: SYSTEM,
        input: { applied, reason: input.reason },
        summary: `roll back ${finding.resourceId} to ${result.currentSku}`,
        output: { result, reason: input.reason },
        outcome: `rolled back: ${input.reason}`,
        at: clock(),
        key: `${workflowId}:rollback`,
      });
      return result;

      /** A rollback refused by authorizeRollback() or by the provider's dry-run is final: recorded, never retried. */
      async function failed(status: RollbackFailure, reasons: string[]): Promise<never> {
        const message = `rollback ${status}: ${reasons.join('; ')}`;
        log.error({ workflowId, reasons }, `rollback ${status}`);
        await recordStep(audit, {
          workflowId,
          findingId: finding.id,
          step: 'rollback',
          actor: SYSTEM,
          input: { applied, reason: input.reason },
          summary: `rollback of ${finding.resourceId} ${status}; it stays ${applied.currentSku}`,
          output: { status, reasons, applied },
          outcome: message,
          at: clock(),
          key: `${workflowId}:rollback`,
        });
        throw ApplicationFailure.nonRetryable(message, ROLLBACK_FAILED, { status, reasons });
      }
    },
  };
}

export type ActionActivities = ReturnType<typeof createActionActivities>;
