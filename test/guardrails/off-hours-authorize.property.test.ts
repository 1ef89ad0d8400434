import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Estate } from '../../clouds/sandbox/estate.js';
import { addMs, proposalHash, TicketRejected, type Action, type Approval, type ExecutionTicket, type Resource } from '../../core/index.js';
import { authorizeOffHours } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from '../support/approver-keys.js';
import { CATALOG, ENROLLMENT, OFF_HOURS, policy as makePolicy, RESOURCE } from './fixtures.js';

/**
 * The off-hours invariant, across random enrollments, policies, approvals, VM states and clocks:
 * a scheduled stop or start changes the VM if and only if authorizeOffHours() allows it, and it
 * allows it if and only if every condition below holds (written out independently of guardrails/).
 */

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const APPROVERS = { alice: 'finops', bob: 'platform', carol: 'viewer' } as const;
const { zone: ZONE, stop: STOP, start: START, stopFiring: STOP_FIRING, startFiring: START_FIRING, proposer: PROPOSER } = OFF_HOURS;

const usually = <T>(common: T, ...rare: T[]) => fc.oneof({ arbitrary: fc.constant(common), weight: 6 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });

const approvalArb = fc.record({
  approver: fc.constantFrom('alice', 'bob', 'alice', 'carol', 'remediation-rules', 'mallory'),
  decision: usually<'approve' | 'reject'>('approve', 'reject'),
  bound: usually(true, false),
  // days before now; the enrollment stands 30 days
  ageDays: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 29 }), weight: 6 }, { arbitrary: fc.constantFrom(30, 31, 45, -1), weight: 1 }),
});

const caseArb = fc.record({
  phase: fc.constantFrom<'stop' | 'start'>('stop', 'start'),
  env: usually('dev', 'prod'),
  excluded: usually(false, true),
  tag: usually('nights', 'weekends', 'none'),
  policySchedule: usually('same', 'moved', 'missing'),
  allowOffHours: usually(true, false),
  actionShape: usually('matching', 'other-vm', 'resize', 'terminate'),
  vmInExpectedState: usually(true, false),
  stoppedBySchedule: usually(true, false),
  stoppedThisFiring: usually(0, 49, 50),
  minutesAfterFiring: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 59 }), weight: 6 }, { arbitrary: fc.constantFrom(60, 61, 180, -1, -10), weight: 1 }),
  frozen: usually(false, true),
  tamperedHash: usually(false, true),
  approvals: fc.array(approvalArb, { minLength: 1, maxLength: 3 }),
  required: usually(1, 2),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function scenario(c: Case) {
  const firing = c.phase === 'stop' ? STOP_FIRING : START_FIRING;
  const now = addMs(firing, c.minutesAfterFiring * MIN + 17_000);
  const scheduleTimes = { same: { stop: STOP, start: START }, moved: { stop: '30 21 * * *', start: START }, missing: undefined }[c.policySchedule];
  const policy = withApproverKeys(
    makePolicy({
      approvals: { required: c.required, requiredForProduction: 2, approvers: APPROVERS, allowedRoles: ['finops', 'platform'] },
      execution: { allowedActions: c.allowOffHours ? ['resize', 'off-hours'] : ['resize', 'stop', 'start'] },
      offHours: {
        enrollmentValidity: '30d',
        graceMinutes: 60,
        maxVmsPerFiring: 50,
        schedules: scheduleTimes ? [{ name: 'nights', ...scheduleTimes, timezone: ZONE }] : [],
      },
      freezeWindows: c.frozen ? [{ name: 'quarter-end', from: addMs(now, -DAY), to: addMs(now, DAY) }] : [],
    }),
  );
  const state = (c.phase === 'stop') === c.vmInExpectedState ? 'running' : 'stopped';
  const tags: Record<string, string> = {
    env: c.env,
    ...(c.tag === 'none' ? {} : { 'tollgate:off-hours': c.tag }),
    ...(c.excluded ? { 'tollgate:exclude': 'true' } : {}),
  };
  const resource: Resource = { ...RESOURCE, state, tags };
  const enrollment = ENROLLMENT;
  const hash = c.tamperedHash ? proposalHash({ ...enrollment, estimatedMonthlySavingsUsd: 1 }) : proposalHash(enrollment);
  const approvals: Approval[] = c.approvals.map((a) =>
    signedApproval('enroll-wf', {
      proposalHash: a.bound ? proposalHash(enrollment) : 'another-proposal',
      decision: a.decision,
      approver: a.approver,
      reason: '',
      role: APPROVERS[a.approver as keyof typeof APPROVERS] ?? 'none',
      at: addMs(now, -a.ageDays * DAY),
    }),
  );
  const base = { provider: 'sandbox' as const, region: 'us-east-1' };
  const action: Action = {
    matching: { type: c.phase, resourceId: 'vm-1', ...base },
    'other-vm': { type: c.phase, resourceId: 'vm-2', ...base },
    resize: { type: 'resize', resourceId: 'vm-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge', ...base },
    terminate: { type: 'terminate', resourceId: 'vm-1', ...base },
  }[c.actionShape] as Action;
  return { now, policy, resource, enrollment, hash, approvals, action };
}

/** Every condition, plainly. */
function everyConditionHolds(c: Case, s: ReturnType<typeof scenario>): boolean {
  const nowMs = Date.parse(s.now);
  const bound = s.approvals.filter((a) => a.proposalHash === proposalHash(s.enrollment));
  const valid = new Set(
    bound
      .filter((a) => a.decision === 'approve' && ['alice', 'bob'].includes(a.approver))
      .filter((a) => nowMs - Date.parse(a.at) >= 0 && nowMs - Date.parse(a.at) <= 30 * DAY)
      .map((a) => a.approver),
  );
  const needed = c.env === 'prod' ? 2 : c.required;
  return (
    c.actionShape === 'matching' &&
    !c.tamperedHash &&
    c.allowOffHours &&
    c.env !== 'prod' &&
    c.tag === 'nights' &&
    c.policySchedule === 'same' &&
    !c.excluded &&
    !bound.some((a) => a.decision === 'reject') &&
    valid.size >= needed &&
    c.minutesAfterFiring >= 0 &&
    c.minutesAfterFiring < 60 &&
    c.vmInExpectedState &&
    (c.phase === 'stop' ? !c.frozen && c.stoppedThisFiring < 50 : c.stoppedBySchedule)
  );
}

function sandboxAt(resource: Resource, clock: () => string): SandboxCloud {
  const estate: Estate = {
    description: 'off-hours property test (hand-written)',
    catalog: { source: 'test', date: '2026-07-20', entries: CATALOG.map(({ catalogDate: _d, ...e }) => e) },
    resources: [
      { ...resource, utilization: { hoursOfData: 336, cpu: { basePct: 40, dailyAmplitudePct: 0, noisePct: 0, burstPct: 0, seed: 1, afterChangeFactor: 1 } } },
    ],
  };
  return new SandboxCloud(estate, { clock });
}

describe('authorizeOffHours() is the gate for scheduled stops and starts', () => {
  it('a VM changes ⇔ authorization ⇔ every condition, across random cases', async () => {
    const allowed = { stop: 0, start: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const s = scenario(c);
        const result = authorizeOffHours({
          action: s.action,
          enrollment: s.enrollment,
          proposalHash: s.hash,
          proposer: PROPOSER,
          approvals: s.approvals,
          resource: s.resource,
          stoppedBySchedule: c.stoppedBySchedule,
          stoppedThisFiring: c.stoppedThisFiring,
          policy: s.policy,
          scope: 'enroll-wf',
          now: s.now,
        });
        expect(result.allowed).toBe(everyConditionHolds(c, s));
        if (!result.allowed) expect(result.reasons.length).toBeGreaterThan(0);

        const cloud = sandboxAt(s.resource, () => s.now);
        const before = (await cloud.getResource('vm-1')).state;
        if (result.allowed) {
          allowed[c.phase] += 1;
          await cloud.apply(s.action, result.ticket);
          expect((await cloud.getResource('vm-1')).state).toBe(c.phase === 'stop' ? 'stopped' : 'running');
          // The ticket is for this one change: it cannot be spent on the opposite one.
          const opposite: Action = { ...s.action, type: c.phase === 'stop' ? 'start' : 'stop' } as Action;
          await expect(cloud.apply(opposite, result.ticket)).rejects.toThrow(TicketRejected);
        } else {
          await expect(cloud.apply(s.action, undefined as unknown as ExecutionTicket)).rejects.toThrow(TicketRejected);
          expect((await cloud.getResource('vm-1')).state).toBe(before);
        }
      }),
      { numRuns: 500 },
    );
    // Convincing only if both sides of the ⇔ were exercised for both phases.
    expect(allowed.stop).toBeGreaterThan(3);
    expect(allowed.start).toBeGreaterThan(3);
  });
});
