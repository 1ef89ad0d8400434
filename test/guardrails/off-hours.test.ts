import { describe, expect, it } from 'vitest';
import { actionHash, addMs, idempotencyKeyFor, proposalHash, type Action, type Approval, type Resource } from '../../core/index.js';
import { offHoursRefusals, OFF_HOURS_RULE_VERSIONS, type AuthorizeOffHoursInput } from '../../guardrails/authorize-off-hours-conditions.js';
import { offHoursProblem, offHoursSchedule } from '../../guardrails/checks/off-hours-schedule.js';
import { authorizeOffHours, offHoursFiring, parsePolicy } from '../../guardrails/index.js';
import { OffHoursPolicySchema, OffHoursScheduleSchema } from '../../guardrails/off-hours-schema.js';
import { context, ENROLLED, ENROLLMENT, OFF_HOURS, policy as makePolicy, proposalFor, RESOURCE, simple } from './fixtures.js';
import { signedApproval, withApproverKeys } from '../support/approver-keys.js';

/**
 * Example-based tests of the off-hours guardrails: each refusal on its own, with its exact words,
 * next to the property test (off-hours-authorize.property.test.ts) that checks the whole ⇔.
 */

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const { zone: ZONE, stop: STOP, start: START, stopFiring: STOP_FIRING, startFiring: START_FIRING, proposer: PROPOSER } = OFF_HOURS;
const HASH = proposalHash(ENROLLMENT);

function offHoursPolicy(overrides: Record<string, unknown> = {}, offHours: Record<string, unknown> = {}) {
  return withApproverKeys(
    makePolicy({
      approvals: {
        required: 1,
        requiredForProduction: 2,
        approvers: { alice: 'finops', bob: 'platform', carol: 'viewer' },
        allowedRoles: ['finops', 'platform'],
      },
      execution: { allowedActions: ['resize', 'off-hours'] },
      offHours: {
        enrollmentValidity: '30d',
        graceMinutes: 60,
        maxVmsPerFiring: 50,
        schedules: [{ name: 'nights', stop: STOP, start: START, timezone: ZONE }],
        ...offHours,
      },
      ...overrides,
    }),
  );
}

const NIGHTLY_VM: Resource = { ...RESOURCE, tags: { env: 'dev', 'tollgate:off-hours': 'nights' } };

function approval(approver: string, now: string, over: Partial<Approval> = {}): Approval {
  return signedApproval('enroll-wf', { proposalHash: HASH, decision: 'approve', approver, reason: '', role: 'finops', at: addMs(now, -DAY), ...over });
}

/** A stop (or start) that every condition allows; a test overrides the one fact it varies. */
function input(phase: 'stop' | 'start', over: Partial<AuthorizeOffHoursInput> = {}): AuthorizeOffHoursInput {
  const now = over.now ?? addMs(phase === 'stop' ? STOP_FIRING : START_FIRING, 5 * MIN);
  return {
    action: simple(phase),
    enrollment: ENROLLMENT,
    proposalHash: HASH,
    proposer: PROPOSER,
    approvals: [approval('alice', now)],
    resource: phase === 'stop' ? NIGHTLY_VM : { ...NIGHTLY_VM, state: 'stopped' },
    stoppedBySchedule: true,
    stoppedThisFiring: 0,
    policy: offHoursPolicy(),
    scope: 'enroll-wf',
    now,
    ...over,
  };
}

const refusals = (i: AuthorizeOffHoursInput) => offHoursRefusals(i).refusals;

describe('offHoursProblem: a non-production VM opted into exactly this schedule', () => {
  const ctx = (resource: Resource, policy = offHoursPolicy()) => ({ resource, policy });

  it('accepts the tagged VM, whatever the case of the tag value', () => {
    expect(offHoursProblem(ctx(NIGHTLY_VM), ENROLLED)).toBeUndefined();
    expect(offHoursProblem(ctx({ ...NIGHTLY_VM, tags: { env: 'dev', 'tollgate:off-hours': 'Nights' } }), ENROLLED)).toBeUndefined();
  });

  it('refuses anything but a VM, and production', () => {
    expect(offHoursProblem(ctx({ ...NIGHTLY_VM, kind: 'volume' }), ENROLLED)).toBe('vm-1 is a volume; only VMs are stopped off-hours');
    expect(offHoursProblem(ctx({ ...NIGHTLY_VM, tags: { ...NIGHTLY_VM.tags, env: 'prod' } }), ENROLLED)).toBe(
      'vm-1 is production: off-hours schedules are for non-production VMs only',
    );
  });

  it('refuses a schedule the policy no longer has, or has at other times', () => {
    expect(offHoursProblem(ctx(NIGHTLY_VM), { ...ENROLLED, schedule: 'weekends' })).toBe(
      'the policy has no off-hours schedule "weekends" (offHours.schedules)',
    );
    const moved = 'schedule "nights" is now stop "0 20 * * *", start "0 7 * * *" (Europe/Berlin); the approved times differ, so it needs a new approval';
    // Each of the three times on its own is enough.
    expect(offHoursProblem(ctx(NIGHTLY_VM), { ...ENROLLED, stopCron: '30 21 * * *' })).toBe(moved);
    expect(offHoursProblem(ctx(NIGHTLY_VM), { ...ENROLLED, startCron: '0 6 * * *' })).toBe(moved);
    expect(offHoursProblem(ctx(NIGHTLY_VM), { ...ENROLLED, timezone: 'UTC' })).toBe(moved);
  });

  it('refuses a VM whose owner removed the tag or chose another schedule', () => {
    expect(offHoursProblem(ctx({ ...NIGHTLY_VM, tags: { env: 'dev' } }), ENROLLED)).toBe(
      'vm-1 no longer carries the tag tollgate:off-hours: its owner opted out',
    );
    expect(offHoursProblem(ctx({ ...NIGHTLY_VM, tags: { env: 'dev', 'tollgate:off-hours': 'Weekends' } }), ENROLLED)).toBe(
      'vm-1 is tagged tollgate:off-hours=weekends, not nights',
    );
  });
});

describe('the off-hours-schedule check', () => {
  const enrollment = (resource: Resource = NIGHTLY_VM) =>
    context({ proposal: proposalFor(ENROLLED), resource, policy: offHoursPolicy(), now: '2026-07-20T12:00:00.000Z' });

  it('applies to off-hours enrollments only', () => {
    expect(offHoursSchedule.appliesTo(ENROLLED)).toBe(true);
    expect(offHoursSchedule.appliesTo(simple('stop'))).toBe(false);
  });

  it('passes with the hours the VM is off a week', () => {
    // 20:00 to 07:00 every day: 11 h × 7.
    expect(offHoursSchedule.run(enrollment())).toEqual({
      passed: true,
      reason: 'vm-1 opted into "nights": off 77 h a week',
      numbers: { schedule: 'nights', hoursOffPerWeek: 77 },
    });
  });

  it('fails with the problem', () => {
    expect(offHoursSchedule.run(enrollment({ ...NIGHTLY_VM, tags: { env: 'dev' } }))).toEqual({
      passed: false,
      reason: 'vm-1 no longer carries the tag tollgate:off-hours: its owner opted out',
      numbers: { schedule: 'nights' },
    });
  });
});

describe('offHoursFiring', () => {
  const policy = offHoursPolicy();
  it('is the scheduled minute of this phase within the grace period', () => {
    expect(offHoursFiring(ENROLLED, 'stop', policy, addMs(STOP_FIRING, 59 * MIN))).toBe(Date.parse(STOP_FIRING));
    expect(offHoursFiring(ENROLLED, 'start', policy, addMs(START_FIRING, 30 * MIN))).toBe(Date.parse(START_FIRING));
    expect(offHoursFiring(ENROLLED, 'start', policy, addMs(STOP_FIRING, 5 * MIN))).toBeUndefined();
    expect(offHoursFiring(ENROLLED, 'stop', policy, addMs(STOP_FIRING, 60 * MIN))).toBeUndefined();
  });
});

describe('offHoursRefusals: every reason, each on its own', () => {
  it('has none for a stop or a start that every condition allows', () => {
    expect(offHoursRefusals(input('stop'))).toMatchObject({ refusals: [], status: { satisfied: true, missing: 0 } });
    expect(refusals(input('start'))).toEqual([]);
    expect(refusals(input('start', { resource: { ...NIGHTLY_VM, state: 'deallocated' } }))).toEqual([]);
  });

  it('refuses an approved proposal that is not an enrollment, and nothing else is judged', () => {
    const resizeProposal = {
      findingId: 'f-1',
      action: { ...simple('stop'), type: 'resize', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' } as Action,
      estimatedMonthlySavingsUsd: 120,
    };
    expect(offHoursRefusals(input('stop', { enrollment: resizeProposal }))).toEqual({ refusals: ['the approved proposal is not an off-hours enrollment'] });
  });

  it('refuses other action types, and an action for another VM, provider or region', () => {
    expect(refusals(input('stop', { action: simple('terminate') }))).toEqual(['terminate is not a scheduled action: only stop and start run off-hours']);
    const other = (field: 'resourceId' | 'region' | 'provider', value: string) =>
      refusals(input('stop', { action: { ...simple('stop'), [field]: value } as Action }));
    expect(other('resourceId', 'vm-2')).toEqual(['the action is for sandbox/us-east-1/vm-2, not the enrolled sandbox/us-east-1/vm-1']);
    expect(other('region', 'eu-west-1')).toEqual(['the action is for sandbox/eu-west-1/vm-1, not the enrolled sandbox/us-east-1/vm-1']);
    expect(other('provider', 'aws')).toEqual(['the action is for aws/us-east-1/vm-1, not the enrolled sandbox/us-east-1/vm-1']);
  });

  it('refuses approvals bound to another proposal, and a resource that is not the enrolled one', () => {
    const now = addMs(STOP_FIRING, 5 * MIN);
    const otherHash = proposalHash({ ...ENROLLMENT, estimatedMonthlySavingsUsd: 1 });
    expect(refusals(input('stop', { proposalHash: otherHash, approvals: [approval('alice', now, { proposalHash: otherHash })] }))).toEqual([
      'the approvals are bound to another proposal',
    ]);
    expect(refusals(input('stop', { resource: { ...NIGHTLY_VM, id: 'vm-9' } }))).toEqual(['the resource given is vm-9, not vm-1']);
  });

  it('refuses when the policy does not allow off-hours, or the enrollment no longer stands', () => {
    expect(refusals(input('stop', { policy: offHoursPolicy({ execution: { allowedActions: ['resize', 'stop', 'start'] } }) }))).toEqual([
      "off-hours is not in the policy's allowed actions",
    ]);
    expect(refusals(input('start', { resource: { ...NIGHTLY_VM, state: 'stopped', tags: { env: 'dev' } } }))).toEqual([
      'vm-1 no longer carries the tag tollgate:off-hours: its owner opted out',
    ]);
  });

  it('refuses a VM tagged for exclusion, whatever the case', () => {
    const excluded = (value: string) => refusals(input('stop', { resource: { ...NIGHTLY_VM, tags: { ...NIGHTLY_VM.tags, 'tollgate:exclude': value } } }));
    expect(excluded('true')).toEqual(['the resource is tagged tollgate:exclude=true']);
    expect(excluded('TRUE')).toEqual(['the resource is tagged tollgate:exclude=TRUE']);
    expect(excluded('false')).toEqual([]);
  });

  it('holds the one approval for the enrollment validity, by approvers the policy names', () => {
    const now = addMs(STOP_FIRING, 5 * MIN);
    // 29 days old: long past the 72 h approval expiry, within the 30-day enrollment.
    expect(refusals(input('stop', { approvals: [approval('alice', now, { at: addMs(now, -29 * DAY) })] }))).toEqual([]);
    const stale = addMs(now, -31 * DAY);
    expect(refusals(input('stop', { approvals: [approval('alice', now, { at: stale })] }))).toEqual([
      `the enrollment lacks 1 valid approval(s): alice's approval from ${stale} has expired: approve it again`,
    ]);
    expect(refusals(input('stop', { approvals: [approval('carol', now), approval('mallory', now)] }))).toEqual([
      'the enrollment lacks 1 valid approval(s): carol has role viewer, which may not approve (allowed: finops, platform); ' +
        'mallory is not an approver in the policy; ask an admin to add them under approvals.approvers: approve it again',
    ]);
    expect(refusals(input('stop', { approvals: [] }))).toEqual(['the enrollment lacks 1 valid approval(s): approve it again']);
  });

  it('refuses a rejected enrollment', () => {
    const now = addMs(STOP_FIRING, 5 * MIN);
    expect(refusals(input('stop', { approvals: [approval('alice', now), approval('bob', now, { decision: 'reject' })] }))).toEqual([
      'the enrollment was rejected',
    ]);
  });

  it('refuses outside the grace period after the stop or start time', () => {
    const lateStop = addMs(STOP_FIRING, 61 * MIN);
    expect(refusals(input('stop', { now: lateStop, approvals: [approval('alice', lateStop)] }))).toEqual([
      `${lateStop} is not within 60 min after a stop time ("0 20 * * *", Europe/Berlin)`,
    ]);
    const earlyStart = addMs(START_FIRING, -MIN);
    expect(refusals(input('start', { now: earlyStart, approvals: [approval('alice', earlyStart)] }))).toEqual([
      `${earlyStart} is not within 60 min after a start time ("0 7 * * *", Europe/Berlin)`,
    ]);
  });

  it('stops only a running VM, outside a freeze, within the blast radius', () => {
    expect(refusals(input('stop', { resource: { ...NIGHTLY_VM, state: 'stopped' } }))).toEqual(['vm-1 is stopped, not running']);
    const now = addMs(STOP_FIRING, 5 * MIN);
    const frozen = offHoursPolicy({ freezeWindows: [{ name: 'quarter-end', from: addMs(now, -DAY), to: addMs(now, DAY) }] });
    expect(refusals(input('stop', { policy: frozen }))).toEqual([`freeze window "quarter-end" until ${addMs(now, DAY)}`]);
    expect(refusals(input('stop', { stoppedThisFiring: 49 }))).toEqual([]);
    expect(refusals(input('stop', { stoppedThisFiring: 50 }))).toEqual(['blast radius: 50 VMs already stopped by this firing (limit 50)']);
  });

  it('starts only a VM this schedule stopped, even in a freeze and past the blast radius', () => {
    expect(refusals(input('start', { resource: NIGHTLY_VM }))).toEqual(['vm-1 is running, not stopped']);
    expect(refusals(input('start', { stoppedBySchedule: false }))).toEqual(['vm-1 was not stopped by this schedule: whoever stopped it starts it']);
    const now = addMs(START_FIRING, 5 * MIN);
    const frozen = offHoursPolicy({ freezeWindows: [{ name: 'quarter-end', from: addMs(now, -DAY), to: addMs(now, DAY) }] });
    expect(refusals(input('start', { policy: frozen, stoppedThisFiring: 50 }))).toEqual([]);
  });
});

describe('authorizeOffHours', () => {
  it('mints an apply ticket for this change, keyed by the enrollment and the firing', () => {
    const now = addMs(STOP_FIRING, 5 * MIN + 17_000);
    const result = authorizeOffHours(input('stop', { now, approvals: [approval('alice', now), approval('bob', now, { role: 'platform' })] }));
    expect(result.allowed).toBe(true);
    if (!result.allowed) return;
    const hash = actionHash(simple('stop'));
    expect(result.ticket).toEqual({
      kind: 'execution-ticket',
      actionHash: hash,
      idempotencyKey: idempotencyKeyFor(hash, `off-hours:enroll-wf:${STOP_FIRING}`),
      issuedAt: now,
      expiresAt: addMs(now, 15 * MIN),
      approvers: ['alice', 'bob'],
      ruleVersions: { 'off-hours-schedule': 1, 'off-hours-authorization': 1 },
      purpose: 'apply',
    });
    expect(result.ticket.ruleVersions).toEqual(OFF_HOURS_RULE_VERSIONS);
    expect(result.reasons).toEqual([]);
  });

  it('gives a retry within the same firing the same key, and the next night another', () => {
    const keyAt = (now: string) => {
      const result = authorizeOffHours(input('stop', { now, approvals: [approval('alice', now)] }));
      return result.allowed ? result.ticket.idempotencyKey : result.reasons.join();
    };
    const first = keyAt(addMs(STOP_FIRING, 2 * MIN));
    expect(keyAt(addMs(STOP_FIRING, 40 * MIN))).toBe(first);
    expect(keyAt(addMs(STOP_FIRING, DAY + 2 * MIN))).not.toBe(first);
    expect(first).toMatch(/^tollgate-/);
  });

  it('refuses with every reason', () => {
    expect(authorizeOffHours(input('stop', { stoppedThisFiring: 50, resource: { ...NIGHTLY_VM, state: 'stopped' } }))).toEqual({
      allowed: false,
      reasons: ['vm-1 is stopped, not running', 'blast radius: 50 VMs already stopped by this firing (limit 50)'],
    });
    const resizeProposal = { ...ENROLLMENT, action: { ...simple('stop'), type: 'resize', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' } as Action };
    expect(authorizeOffHours(input('stop', { enrollment: resizeProposal }))).toEqual({
      allowed: false,
      reasons: ['the approved proposal is not an off-hours enrollment'],
    });
  });
});

describe('the offHours policy section', () => {
  const schedule = { name: 'nights', stop: STOP, start: START, timezone: ZONE };

  it('refuses a stop and start that are the same time written with other spacing', () => {
    expect(OffHoursScheduleSchema.safeParse({ ...schedule, start: ` ${STOP} ` }).success).toBe(false);
    expect(OffHoursScheduleSchema.safeParse({ ...schedule, stop: ` ${START}` }).success).toBe(false);
    expect(OffHoursScheduleSchema.safeParse(schedule).success).toBe(true);
  });

  it('keeps several schedules with distinct names', () => {
    const two = [schedule, { ...schedule, name: 'weekends', stop: '0 20 * * 5' }];
    expect(OffHoursPolicySchema.parse({ schedules: two }).schedules.map((s) => s.name)).toEqual(['nights', 'weekends']);
    expect(
      parsePolicy(
        'offHours:\n  schedules:\n    - { name: a, stop: "0 20 * * *", start: "0 7 * * *" }\n    - { name: b, stop: "0 21 * * *", start: "0 7 * * *" }\n',
      ).offHours.schedules,
    ).toHaveLength(2);
  });
});
