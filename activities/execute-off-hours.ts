import { ApplicationFailure } from '@temporalio/activity';
import type { CloudProvider, MutationResult } from '../clouds/provider.js';
import { actionHash, addMs, idempotencyKeyFor, parseDuration, type Action, type DecisionRecord, type Resource } from '../core/index.js';
import { authorizeOffHours, offHoursFiring } from '../guardrails/index.js';
import type { ActionDeps } from './deps.js';
import type { ExecuteInput, ExecuteOutput } from './execute-actions.js';
import { authorizeOnFreshFacts } from './fresh-authorization.js';
import { latestEnrollments, scheduledChanges, type EnrollmentRecord, type ScheduledChangeRecord } from './off-hours-ledger.js';
import { recordStep, SYSTEM } from './record.js';
import { claimRunSlot } from './run-slot.js';

export interface OffHoursChangeInput {
  /** The OffHoursWorkflow run (one firing of one Schedule). */
  firingId: string;
  schedule: string;
  phase: 'stop' | 'start';
  resourceId: string;
}

export type OffHoursChangeOutput =
  | { resourceId: string; status: 'applied'; result: MutationResult; verified: boolean }
  | { resourceId: string; status: 'skipped' | 'refused'; reasons: string[] };

/** One firing of one schedule: what happened to each enrolled VM. */
export interface OffHoursFiringResult {
  schedule: string;
  phase: 'stop' | 'start';
  firingId: string;
  results: (OffHoursChangeOutput | { resourceId: string; status: 'failed'; reasons: string[] })[];
}

/**
 * Activities of the actions worker for off-hours schedules: recording an approved enrollment
 * (no cloud change), and each nightly stop or morning start under it, authorized afresh.
 */
export function createOffHoursActivities(deps: ActionDeps) {
  const { audit, clock, log } = deps;

  return {
    /** An approved enrollment: judged again on fresh facts, then written to the log the nightly runs read. */
    async enrollOffHours(input: ExecuteInput): Promise<ExecuteOutput & { validUntil?: string }> {
      const { workflowId, finding, proposal } = input;
      if (proposal.action.type !== 'off-hours') throw ApplicationFailure.nonRetryable(`enrollOffHours got a ${proposal.action.type} action`);
      const base = { workflowId, findingId: finding.id, actor: SYSTEM, input: { proposalHash: input.proposalHash, approvals: input.approvals } };
      const earlier = (await audit.records({ workflowId, step: 'execute' })).map(enrollmentResultOf).find((r) => r !== undefined);
      if (earlier) return earlier;

      const now = clock();
      const cloud = deps.providerFor(finding.provider);
      // An enrollment counts against the run like a change: it takes a slot first (activities/run-slot.ts).
      const slot = await claimRunSlot(audit, {
        workflowId,
        findingId: finding.id,
        runId: input.runId,
        monthlyUsd: proposal.estimatedMonthlySavingsUsd,
        at: now,
      });
      const { verdict, authorization } = await authorizeOnFreshFacts(deps, cloud, input, now, slot);
      if (!authorization.allowed) {
        await recordStep(audit, {
          ...base,
          step: 'abort',
          summary: `enrollment of ${proposal.action.resourceId} refused`,
          output: { reasons: authorization.reasons, verdict },
          outcome: `aborted: ${authorization.reasons.join('; ')}`,
          at: clock(),
          key: `${workflowId}:abort`,
        });
        return { status: 'aborted', reasons: authorization.reasons };
      }
      const validUntil = addMs(now, parseDuration(deps.policy.offHours.enrollmentValidity));
      const enrollment: EnrollmentRecord = {
        workflowId,
        findingId: finding.id,
        proposal: { findingId: proposal.findingId, action: proposal.action, estimatedMonthlySavingsUsd: proposal.estimatedMonthlySavingsUsd },
        proposalHash: input.proposalHash,
        proposer: proposal.proposer,
        approvals: input.approvals,
        enrolledAt: now,
        validUntil,
      };
      const result: MutationResult = {
        action: proposal.action,
        idempotencyKey: authorization.ticket.idempotencyKey,
        appliedNow: true,
        priorSku: 'always on',
        currentSku: `off-hours "${proposal.action.schedule}"`,
        at: now,
      };
      const output = { status: 'applied' as const, plan: undefined, result };
      await recordStep(audit, {
        ...base,
        step: 'execute',
        summary: `${proposal.action.resourceId} enrolled in off-hours schedule "${proposal.action.schedule}" until ${validUntil}`,
        output: { kind: 'enrollment', result, enrollment, runId: input.runId, monthlyUsd: proposal.estimatedMonthlySavingsUsd },
        outcome: `enrolled until ${validUntil}`,
        ruleVersions: verdict.ruleVersions,
        at: now,
        key: `${workflowId}:execute`,
      });
      log.info({ workflowId, resourceId: proposal.action.resourceId, schedule: proposal.action.schedule, validUntil }, 'off-hours enrollment recorded');
      return { ...output, validUntil };
    },

    /** One VM's scheduled stop or start: skipped when there is nothing to do, refused unless authorizeOffHours allows it. */
    async applyOffHoursChange(input: OffHoursChangeInput): Promise<OffHoursChangeOutput> {
      const { firingId, phase, resourceId } = input;
      const enrollment = (await latestEnrollments(audit)).get(resourceId);
      if (!enrollment || enrollment.proposal.action.schedule !== input.schedule) {
        return { resourceId, status: 'skipped', reasons: [`${resourceId} is not enrolled in "${input.schedule}"`] };
      }
      const enrolled = enrollment.proposal.action;
      const action: Action = { type: phase, provider: enrolled.provider, resourceId, region: enrolled.region };
      const cloud = deps.providerFor(enrolled.provider);
      const now = clock();
      const firing = offHoursFiring(enrolled, phase, deps.policy, now);
      const change: ScheduledChangeRecord = { enrollmentWorkflowId: enrollment.workflowId, schedule: input.schedule, phase, firingId, resourceId };
      const base = { workflowId: firingId, findingId: enrollment.findingId, actor: { kind: 'system' as const, id: `schedule:${input.schedule}` } };

      const changes = await scheduledChanges(audit);
      // A retry after a crash finds its own apply from this firing and finishes it; a second firing of the same minute leaves it be.
      if (firing !== undefined) {
        const key = idempotencyKeyFor(actionHash(action), `off-hours:${enrollment.workflowId}:${new Date(firing).toISOString()}`);
        const earlier = await cloud.appliedResult(key);
        const recordedBy = changes.find((c) => c.idempotencyKey === key)?.firingId;
        if (earlier && recordedBy && recordedBy !== firingId) return { resourceId, status: 'skipped', reasons: [`${phase} already applied by ${recordedBy}`] };
        if (earlier) return finishApplied(earlier, await cloud.getResource(resourceId), 'already applied in this firing');
      }
      const resource = await existing(cloud, resourceId);
      if (!resource) return { resourceId, status: 'skipped', reasons: [`${resourceId} no longer exists in ${enrolled.provider}`] };
      if (phase === 'stop' && resource.state !== 'running') return { resourceId, status: 'skipped', reasons: [`${resourceId} is already ${resource.state}`] };
      if (phase === 'start' && resource.state === 'running') return { resourceId, status: 'skipped', reasons: [`${resourceId} is already running`] };

      const authorization = authorizeOffHours({
        action,
        enrollment: enrollment.proposal,
        proposalHash: enrollment.proposalHash,
        proposer: enrollment.proposer,
        approvals: enrollment.approvals,
        resource,
        stoppedBySchedule: stoppedBySchedule(changes, enrollment, resource),
        stoppedThisFiring: changes.filter((c) => c.firingId === firingId && c.phase === 'stop').length,
        policy: deps.policy,
        scope: enrollment.workflowId,
        now,
      });
      if (!authorization.allowed) {
        log.warn({ firingId, resourceId, reasons: authorization.reasons }, 'off-hours change refused');
        await recordStep(audit, {
          ...base,
          step: 'abort',
          input: { change, enrollment: enrollment.workflowId },
          summary: `scheduled ${phase} of ${resourceId} refused`,
          output: { change, reasons: authorization.reasons },
          outcome: `refused: ${authorization.reasons.join('; ')}`,
          at: now,
          key: `${firingId}:${resourceId}:abort`,
        });
        return { resourceId, status: 'refused', reasons: authorization.reasons };
      }
      const plan = await cloud.plan(action, authorization.ticket);
      const result = await cloud.apply(action, authorization.ticket);
      return finishApplied(result, await cloud.getResource(resourceId), `plan: ${plan.steps.join('; ')}`, authorization.ticket.approvers);

      async function finishApplied(result: MutationResult, after: Resource, note: string, approvers?: readonly string[]): Promise<OffHoursChangeOutput> {
        // Verify: the VM reached the state the schedule wants; a stop that did not take is reported, not retried blindly.
        const verified = phase === 'stop' ? after.state === 'stopped' || after.state === 'deallocated' : after.state === 'running';
        await recordStep(audit, {
          ...base,
          step: 'execute',
          input: { change, enrollment: enrollment!.workflowId },
          summary: `scheduled ${phase} of ${resourceId} (${input.schedule})`,
          output: {
            kind: 'scheduled-change',
            offHours: { ...change, idempotencyKey: result.idempotencyKey, ...(after.lastChangedAt ? { lastChangedAtAfter: after.lastChangedAt } : {}) },
            result,
            verified,
            stateAfter: after.state,
            approvers: approvers ? [...approvers] : enrollment!.approvals.map((a) => a.approver),
            note,
          },
          outcome: verified ? `${phase === 'stop' ? 'stopped' : 'started'}: ${after.state}` : `${phase} applied but the VM is ${after.state}`,
          at: clock(),
          key: `${firingId}:${resourceId}:execute`,
        });
        return { resourceId, status: 'applied', result, verified };
      }
    },
  };
}

/** What an earlier attempt's enrollment record returned, so a retry returns the same. */
function enrollmentResultOf(record: DecisionRecord): (ExecuteOutput & { validUntil: string }) | undefined {
  if (record.step !== 'execute' || record.output.kind !== 'enrollment') return undefined;
  return { status: 'applied', plan: undefined, result: record.output.result, validUntil: record.output.enrollment.validUntil };
}

/**
 * The VM as it is now, or undefined when the cloud no longer lists it (deleted since it was
 * enrolled): nothing to stop, and no point retrying. Any other read error is thrown and retried.
 */
async function existing(cloud: CloudProvider, resourceId: string): Promise<Resource | undefined> {
  try {
    return await cloud.getResource(resourceId);
  } catch (error) {
    if ((await cloud.listResources()).some((r) => r.id === resourceId)) throw error;
    return undefined;
  }
}

/** The newest scheduled change to this VM is this enrollment's stop, and the cloud saw no change since. */
function stoppedBySchedule(changes: readonly (ScheduledChangeRecord & { at: string })[], enrollment: EnrollmentRecord, resource: Resource): boolean {
  const last = changes.filter((c) => c.resourceId === resource.id).at(-1);
  if (!last || last.phase !== 'stop' || last.enrollmentWorkflowId !== enrollment.workflowId) return false;
  // Someone who started and stopped it again since owns it now. A cloud that reports no change time cannot tell.
  return last.lastChangedAtAfter === undefined || resource.lastChangedAt === undefined || resource.lastChangedAt === last.lastChangedAtAfter;
}

export type OffHoursActions = ReturnType<typeof createOffHoursActivities>;
