import { describe, expect, it } from 'vitest';
import { addMs, proposalHash, type Resource } from '../../core/index.js';
import { offHoursRefusals } from '../../guardrails/authorize-off-hours-conditions.js';
import { offHoursProblem } from '../../guardrails/checks/off-hours-schedule.js';
import { approvalRequirement, checkPlan, evaluate, parseTerraformPlan, riskOf } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from '../support/approver-keys.js';
import { alice, approvers, authorizeOn, bob, p } from './ambiguous-tags-fixtures.js';
import { context, ENROLLED, ENROLLMENT, OFF_HOURS, policy, proposalFor, RESOURCE, simple, withTags } from './fixtures.js';

/**
 * The two tag sets of the report, read by every guardrail. Before one tag reader, the first key
 * matching case-insensitively decided: `TOLLGATE:EXCLUDE=false` hid `tollgate:exclude=true`,
 * and `Env=dev` hid `env=prod`, so an excluded VM was resized and a production VM ran on one approval.
 */

const EXCLUDED_LATER: Resource = withTags({ 'TOLLGATE:EXCLUDE': 'false', env: 'dev', team: 'core', 'tollgate:exclude': 'true' });
const PRODUCTION_LATER: Resource = withTags({ Env: 'dev', team: 'core', env: 'prod' });

describe('a VM tagged TOLLGATE:EXCLUDE=false and tollgate:exclude=true', () => {
  it('fails the exclusion-tag check, whatever the order of its keys', () => {
    const reversed = withTags(Object.fromEntries(Object.entries(EXCLUDED_LATER.tags).reverse()));
    for (const resource of [EXCLUDED_LATER, reversed]) {
      const verdict = evaluate(context({ policy: p, resource }));
      expect(verdict.passed).toBe(false);
      expect(verdict.results.find((r) => r.check === 'exclusion-tag')).toMatchObject({
        passed: false,
        reason: 'resource is tagged tollgate:exclude=true; TOLLGATE:EXCLUDE=false does not undo it: any variant but an explicit no excludes',
      });
    }
  });

  it('gets no ticket, even with a verdict computed on a clean read and two approvals', () => {
    const result = authorizeOn(EXCLUDED_LATER, [alice, bob], RESOURCE);
    expect(result.allowed).toBe(false);
    expect(result.reasons).toContain('the resource is tagged tollgate:exclude=true');
  });

  it('is never stopped by an off-hours schedule', () => {
    const offHoursPolicy = withApproverKeys(
      policy({
        approvals: { approvers },
        execution: { allowedActions: ['off-hours'] },
        offHours: { schedules: [{ name: 'nights', stop: OFF_HOURS.stop, start: OFF_HOURS.start, timezone: OFF_HOURS.zone }] },
      }),
    );
    const resource = withTags({ ...EXCLUDED_LATER.tags, 'tollgate:off-hours': 'nights' });
    const now = addMs(OFF_HOURS.stopFiring, 60_000);
    const enrollmentHash = proposalHash(ENROLLMENT);
    const { refusals } = offHoursRefusals({
      action: simple('stop'),
      enrollment: ENROLLMENT,
      proposalHash: enrollmentHash,
      proposer: OFF_HOURS.proposer,
      approvals: [signedApproval('enroll-wf', { ...alice, proposalHash: enrollmentHash, at: addMs(now, -3_600_000) })],
      resource,
      stoppedBySchedule: false,
      stoppedThisFiring: 0,
      policy: offHoursPolicy,
      scope: 'enroll-wf',
      now,
    });
    expect(refusals).toEqual(['the resource is tagged tollgate:exclude=true']);
  });
});

describe('a VM tagged Env=dev and env=prod', () => {
  it('is production: high risk, two approvers required', () => {
    expect(approvalRequirement(PRODUCTION_LATER, p).required).toBe(2);
    expect(riskOf(PRODUCTION_LATER, 10, p)).toBe('high');
    const protectedEnv = evaluate(context({ policy: p, resource: PRODUCTION_LATER })).results.find((r) => r.check === 'protected-env');
    expect(protectedEnv).toMatchObject({
      passed: true,
      reason: 'resize is permitted in production with 2 approvers (env tags disagree: Env=dev, env=prod; read as production, the safe reading)',
      numbers: { production: true },
    });
  });

  it('does not execute after one approval, and does after two', () => {
    const one = authorizeOn(PRODUCTION_LATER, [alice]);
    expect(one.allowed).toBe(false);
    expect(one.reasons).toEqual(['1 more approval(s) needed']);
    expect(authorizeOn(PRODUCTION_LATER, [alice, bob]).allowed).toBe(true);
  });

  it('is never enrolled in an off-hours schedule', () => {
    const resource = withTags({ ...PRODUCTION_LATER.tags, 'tollgate:off-hours': 'nights' });
    const offHoursPolicy = policy({ offHours: { schedules: [{ name: 'nights', stop: OFF_HOURS.stop, start: OFF_HOURS.start, timezone: OFF_HOURS.zone }] } });
    expect(offHoursProblem({ resource, policy: offHoursPolicy }, ENROLLED)).toBe('vm-1 is production: off-hours schedules are for non-production VMs only');
  });

  it('blocks what the policy blocks in production', () => {
    const blocking = policy({ approvals: { approvers }, execution: { allowedActions: ['resize', 'stop'], blockedInProduction: ['stop'] } });
    const verdict = evaluate(context({ policy: blocking, resource: PRODUCTION_LATER, proposal: proposalFor(simple('stop')) }));
    expect(verdict.results.find((r) => r.check === 'protected-env')?.passed).toBe(false);
  });
});

describe('conflicting owners, teams and schedules', () => {
  it('are shown to approvers by the tag-conflicts check, which never blocks', () => {
    const resource = withTags({ env: 'dev', owner: 'alice@example.com', Owner: 'bob@example.com', team: 'core' });
    const verdict = evaluate(context({ policy: p, resource }));
    expect(verdict.passed).toBe(true);
    expect(verdict.results.find((r) => r.check === 'tag-conflicts')).toEqual({
      check: 'tag-conflicts',
      version: 1,
      passed: true,
      reason: 'conflicting tags: owner (Owner=bob@example.com, owner=alice@example.com): the request goes to every one named',
      numbers: { conflicts: 1, owners: 'alice@example.com, bob@example.com', teams: 'core' },
    });
    expect(evaluate(context({ policy: p })).results.find((r) => r.check === 'tag-conflicts')?.reason).toBe('no conflicting tag variants');
  });

  it('say what each disagreement means, key by key', () => {
    const reason = (tags: Record<string, string>) =>
      evaluate(context({ policy: p, resource: withTags(tags) })).results.find((r) => r.check === 'tag-conflicts')?.reason;
    expect(reason({ 'tollgate:exclude': 'false', 'Tollgate:Exclude': 'no', env: 'dev', Team: 'core', team: 'web', Name: 'a', name: 'b' })).toBe(
      'conflicting tags: name (Name=a, name=b); team (Team=core, team=web): the request goes to every one named; tollgate:exclude (Tollgate:Exclude=no, tollgate:exclude=false): any variant but an explicit no excludes',
    );
    expect(reason({ Env: 'dev', env: 'qa' })).toBe('conflicting tags: env (Env=dev, env=qa): production if any variant says so');
    const numbers = evaluate(context({ policy: p, resource: withTags({ team: 'web', Team: 'core' }) })).results.find(
      (r) => r.check === 'tag-conflicts',
    )?.numbers;
    expect(numbers).toEqual({ conflicts: 1, owners: '', teams: 'core, web' });
  });

  it('env variants that disagree without naming production are read, and said to be, non-production', () => {
    const result = evaluate(context({ policy: p, resource: withTags({ Env: 'dev', env: 'qa' }) })).results.find((r) => r.check === 'protected-env');
    expect(result?.reason).toBe('not a production resource (env tags disagree: Env=dev, env=qa; read as non-production: none names a production value)');
  });

  it('an off-hours tag naming two schedules opts into neither', () => {
    const offHoursPolicy = policy({ offHours: { schedules: [{ name: 'nights', stop: OFF_HOURS.stop, start: OFF_HOURS.start, timezone: OFF_HOURS.zone }] } });
    const resource = withTags({ env: 'dev', 'tollgate:off-hours': 'nights', 'Tollgate:Off-Hours': 'weekends' });
    expect(offHoursProblem({ resource, policy: offHoursPolicy }, ENROLLED)).toBe(
      'vm-1 carries conflicting tollgate:off-hours tags (Tollgate:Off-Hours=weekends, tollgate:off-hours=nights): the owner must keep one',
    );
  });
});

describe('policy check of a Terraform plan', () => {
  const plan = (tags: Record<string, string>) =>
    parseTerraformPlan(
      {
        format_version: '1.2',
        configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } } },
        resource_changes: [
          {
            address: 'aws_instance.api',
            mode: 'managed',
            type: 'aws_instance',
            name: 'api',
            change: { actions: ['create'], before: null, after: { instance_type: 't3.medium', tags } },
          },
        ],
      },
      'inline.plan.json',
    );

  it('finds a required tag under any spelling and refuses variants that disagree', () => {
    expect(checkPlan(plan({ ' Team ': 'web', ENV: 'dev', Owner: 'ana' }), policy(), []).problems.filter((x) => x.rule !== 'unpriced')).toEqual([]);
    const report = checkPlan(plan({ team: 'web', Env: 'dev', env: 'prod', owner: 'ana' }), policy(), []);
    expect(report.passed).toBe(false);
    expect(report.problems.filter((x) => x.rule === 'conflicting-tags')).toEqual([
      { address: 'aws_instance.api', rule: 'conflicting-tags', severity: 'error', message: 'conflicting tags for env: Env=dev, env=prod; keep one spelling' },
    ]);
  });
});
