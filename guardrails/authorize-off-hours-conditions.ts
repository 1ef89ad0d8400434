import {
  lastFiringWithin,
  parseDuration,
  proposalHash,
  describeVariants,
  type Action,
  type Actor,
  type Approval,
  type OffHoursAction,
  type Proposal,
  type Resource,
} from '../core/index.js';
import { approvalRequirement, approvalStatus, signatureCheckFor, type ApprovalStatus } from './approvals.js';
import { offHoursProblem } from './checks/off-hours-schedule.js';
import { activeFreeze } from './freeze-window.js';
import type { Policy } from './policy.js';
import { tagsOf } from './resource-tags.js';
import { isProduction } from './risk.js';

export interface AuthorizeOffHoursInput {
  /** The concrete change about to run: a stop at night, a start in the morning. */
  action: Action;
  /** The approved enrollment and the proposal the approvers saw, bound by its hash. */
  enrollment: Pick<Proposal, 'findingId' | 'action' | 'estimatedMonthlySavingsUsd'>;
  proposalHash: string;
  proposer: Actor;
  approvals: readonly Approval[];
  /** The VM as just re-read from the cloud. */
  resource: Resource;
  /** Starts only: the last change to this VM was this enrollment's own stop. */
  stoppedBySchedule: boolean;
  /** VMs this firing of the schedule already stopped (blast radius). */
  stoppedThisFiring: number;
  policy: Policy;
  /** The enrollment's workflow: with the firing minute, it keys the change, so a retry the same night applies nothing twice; the approvals are signed for it. */
  scope: string;
  now: string;
}

/** The firing a nightly change belongs to: the scheduled minute within the grace period, if any. */
export function offHoursFiring(enrollment: OffHoursAction, phase: 'stop' | 'start', policy: Policy, now: string): number | undefined {
  const cron = phase === 'stop' ? enrollment.stopCron : enrollment.startCron;
  return lastFiringWithin(cron, enrollment.timezone, Date.parse(now), policy.offHours.graceMinutes * 60_000);
}

/**
 * Every reason a scheduled stop or start must not run under a standing enrollment; empty means
 * allowed. Pure: the clock, the VM and the audit-derived facts are inputs.
 */
export function offHoursRefusals(input: AuthorizeOffHoursInput): { refusals: string[]; status?: ApprovalStatus } {
  const { action, policy, resource, now } = input;
  const enrollment = input.enrollment.action;
  if (enrollment.type !== 'off-hours') return { refusals: ['the approved proposal is not an off-hours enrollment'] };
  const refusals: string[] = [];
  if (action.type !== 'stop' && action.type !== 'start') refusals.push(`${action.type} is not a scheduled action: only stop and start run off-hours`);
  if (action.provider !== enrollment.provider || action.resourceId !== enrollment.resourceId || action.region !== enrollment.region) {
    refusals.push(
      `the action is for ${action.provider}/${action.region}/${action.resourceId}, not the enrolled ${enrollment.provider}/${enrollment.region}/${enrollment.resourceId}`,
    );
  }
  if (proposalHash(input.enrollment) !== input.proposalHash) refusals.push('the approvals are bound to another proposal');
  if (resource.id !== enrollment.resourceId) refusals.push(`the resource given is ${resource.id}, not ${enrollment.resourceId}`);
  if (!policy.execution.allowedActions.includes('off-hours')) refusals.push("off-hours is not in the policy's allowed actions");
  const problem = offHoursProblem({ resource, policy }, enrollment);
  if (problem) refusals.push(problem);
  const excluding = tagsOf(resource, policy).exclusionVariants;
  if (excluding.length > 0) refusals.push(`the resource is tagged ${describeVariants(excluding)}`);

  // One approval stands for the whole enrollment period, by the approvers the policy names today.
  const requirement = { ...approvalRequirement(resource, policy), expiresInMs: parseDuration(policy.offHours.enrollmentValidity) };
  const signatures = signatureCheckFor(policy, input.scope, isProduction(resource, policy));
  const status = approvalStatus(input.approvals, requirement, input.proposalHash, input.proposer, now, signatures);
  if (status.rejected) refusals.push('the enrollment was rejected');
  if (status.missing > 0)
    refusals.push(
      `the enrollment lacks ${status.missing} valid approval(s)${status.problems.length ? `: ${status.problems.join('; ')}` : ''}: approve it again`,
    );

  if (action.type === 'stop' || action.type === 'start') {
    const phase = action.type;
    if (offHoursFiring(enrollment, phase, policy, now) === undefined) {
      const cron = phase === 'stop' ? enrollment.stopCron : enrollment.startCron;
      refusals.push(`${now} is not within ${policy.offHours.graceMinutes} min after a ${phase} time ("${cron}", ${enrollment.timezone})`);
    }
    if (phase === 'stop') {
      if (resource.state !== 'running') refusals.push(`${resource.id} is ${resource.state}, not running`);
      const freeze = activeFreeze(policy.freezeWindows, now);
      if (freeze) refusals.push(`freeze window "${freeze.name}" until ${freeze.to}`);
      if (input.stoppedThisFiring >= policy.offHours.maxVmsPerFiring) {
        refusals.push(`blast radius: ${input.stoppedThisFiring} VMs already stopped by this firing (limit ${policy.offHours.maxVmsPerFiring})`);
      }
    } else {
      // A start restores what the schedule stopped, so a freeze does not hold it back; a VM someone else stopped stays stopped.
      if (resource.state !== 'stopped' && resource.state !== 'deallocated') refusals.push(`${resource.id} is ${resource.state}, not stopped`);
      if (!input.stoppedBySchedule) refusals.push(`${resource.id} was not stopped by this schedule: whoever stopped it starts it`);
    }
  }
  return { refusals, status };
}

/** The check versions a scheduled ticket records. */
export const OFF_HOURS_RULE_VERSIONS = { 'off-hours-schedule': 1, 'off-hours-authorization': 1 } as const;
