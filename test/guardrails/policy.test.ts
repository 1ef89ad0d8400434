import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from '../../guardrails/index.js';

const errorOf = (yaml: string): string => {
  try {
    parsePolicy(yaml, 'team.policy.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the policy to be refused');
};

describe('policy defaults are DESIGN.md thresholds', () => {
  it('has the recommenders’ numbers', () => {
    expect(DEFAULT_POLICY.rightsizing).toMatchObject({
      lookbackDays: 14,
      minHoursOfMetrics: 30,
      maxProjectedCpuP995Pct: 80,
      minMonthlySavingsUsd: 10,
      minDaysSinceLastChange: 7,
    });
    expect(DEFAULT_POLICY.rightsizing.userFacing).toMatchObject({ maxProjectedCpuP95Pct: 40, maxProjectedMemoryP99Pct: 60 });
    expect(DEFAULT_POLICY.idle).toEqual({ maxCpuP95Pct: 3, maxNetworkP95Pct: 2, minDays: 7 });
    expect(DEFAULT_POLICY.approvals).toMatchObject({ required: 1, requiredForProduction: 2, expiry: '72h' });
    expect(DEFAULT_POLICY.execution.allowedActions).toEqual(['resize']);
    expect(DEFAULT_POLICY.tags.excludeKey).toBe('tollgate:exclude');
  });
  it('parses an empty file and the sample policy', () => {
    expect(parsePolicy('')).toEqual(DEFAULT_POLICY);
    const sample = parsePolicy(readFileSync('tollgate.policy.yaml', 'utf8'), 'tollgate.policy.yaml');
    expect(sample.approvals.approvers['approver@example.com']).toEqual({ role: 'finops', keys: [] });
    expect(sample.approvals.requireSignatures).toBe(true);
  });
});

describe('a bad policy names the field, what was found and what to do', () => {
  it('reports every problem with the file name', () => {
    const message = errorOf('approvals:\n  required: 0\n  requried: 3\n');
    expect(message).toContain('team.policy.yaml: invalid policy');
    expect(message).toContain('approvals.required: Too small: expected number to be >=1; found 0');
    expect(message).toContain('approvals.requried: unknown field; remove it or fix its spelling');
    expect(message).toContain('See docs/policy.md');
  });
  it('refuses unknown top-level fields and wrong types', () => {
    const message = errorOf('rightsizing:\n  lookbackDays: "14"\nbogus: 1\n');
    expect(message).toContain('rightsizing.lookbackDays: Invalid input: expected number, received string; found "14"');
    expect(message).toContain('\n  bogus: unknown field; remove it or fix its spelling\n');
  });
  it('refuses an action type it does not know', () => {
    expect(errorOf('execution:\n  allowedActions: [resize, nuke]\n')).toContain('execution.allowedActions.1: Invalid option');
  });
  it('refuses bad durations when loading, not when first used', () => {
    expect(errorOf('approvals:\n  expiry: 3 days\n')).toContain('approvals.expiry: expected a duration such as 15m, 72h or 7d; found "3 days"');
    expect(errorOf('execution:\n  verifyWindow: 0h\n')).toContain('execution.verifyWindow');
  });
  it('refuses bad freeze windows', () => {
    expect(errorOf('freezeWindows:\n  - name: w\n    cron: "61 * * * *"\n    duration: 2h\n')).toContain(
      'freezeWindows.0.cron: cron minute "61" is outside 0-59',
    );
    expect(errorOf('freezeWindows:\n  - name: w\n    cron: "0 18 * * 5"\n    duration: 32d\n')).toContain(
      'freezeWindows.0.duration: expected a duration such as 48h or 3d, at most 31d',
    );
    expect(errorOf('freezeWindows:\n  - name: w\n    cron: "0 18 * * 5"\n    duration: soon\n')).toContain('freezeWindows.0.duration');
    expect(errorOf('freezeWindows:\n  - name: w\n    from: 2026-01-02T00:00:00Z\n    to: 2026-01-01T00:00:00Z\n')).toContain(
      'freezeWindows.0.to: from must be before to',
    );
  });
  it('refuses bad off-hours schedules, naming the field', () => {
    const schedule = (fields: string) => `offHours:\n  schedules:\n    - { ${fields} }\n`;
    expect(errorOf(schedule('name: nights, stop: "0 25 * * *", start: "0 7 * * *"'))).toContain('offHours.schedules.0.stop: cron hour "25" is outside 0-23');
    expect(errorOf(schedule('name: nights, stop: "0 20 * * *", start: "0 7 * * *", timezone: Berlin'))).toContain(
      'offHours.schedules.0.timezone: an IANA time zone such as UTC, Europe/Berlin or America/New_York',
    );
    expect(errorOf(schedule('name: Nights!, stop: "0 20 * * *", start: "0 7 * * *"'))).toContain('offHours.schedules.0.name');
    expect(errorOf(schedule('name: n, stop: "0 20 * * *", start: "0 20 * * *"'))).toContain('offHours.schedules.0.start: stop and start must differ');
    // The same minutes written differently are the same schedule: it would keep nothing off.
    expect(errorOf(schedule('name: n, stop: "0 20 * * *", start: "0  20 * * 0-6"'))).toContain('stop and start must differ: these fire on the same minutes');
    expect(errorOf(schedule('name: n, stop: "0 20 * * 1-5", start: "0 20 * * 1,2,3,4,5"'))).toContain('stop and start must differ');
    expect(() => parsePolicy(schedule('name: n, stop: "0 20 * * 1-5", start: "0 20 * * 1-4"'))).not.toThrow();
    expect(
      errorOf(
        'offHours:\n  schedules:\n    - { name: n, stop: "0 20 * * *", start: "0 7 * * *" }\n    - { name: n, stop: "0 21 * * *", start: "0 7 * * *" }\n',
      ),
    ).toContain('schedule names must be unique');
    expect(errorOf('offHours:\n  enrollmentValidity: forever\n')).toContain('offHours.enrollmentValidity');
  });
  it('defaults off-hours to opt-in by tag with no schedules, and keeps a valid one', () => {
    expect(parsePolicy('').offHours).toMatchObject({ tagKey: 'tollgate:off-hours', enrollmentValidity: '30d', graceMinutes: 60, schedules: [] });
    const p = parsePolicy('offHours:\n  schedules:\n    - { name: dev-nights, stop: "0 20 * * 1-5", start: "0 7 * * 1-5", timezone: Europe/Berlin }\n');
    expect(p.offHours.schedules).toEqual([{ name: 'dev-nights', stop: '0 20 * * 1-5', start: '0 7 * * 1-5', timezone: 'Europe/Berlin' }]);
  });
  it('accepts valid freeze windows, up to 31 days long', () => {
    const p = parsePolicy(
      'freezeWindows:\n  - { name: w, cron: "0 18 * * 5", duration: 31d }\n  - { name: d, from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:00:01Z" }\n',
    );
    expect(p.freezeWindows).toEqual([
      { name: 'w', cron: '0 18 * * 5', duration: '31d' },
      { name: 'd', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:01Z' },
    ]);
    expect(errorOf('freezeWindows:\n  - { name: w, cron: "0 18 * * 5", duration: 745h }\n')).toContain('freezeWindows.0.duration');
    expect(errorOf('freezeWindows:\n  - { name: w, cron: "0 18 * * 5", duration: 0h }\n')).toContain('freezeWindows.0.duration');
    expect(errorOf('freezeWindows:\n  - { name: d, from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }\n')).toContain(
      'freezeWindows.0.to: from must be before to',
    );
  });
  it('puts each problem on its own line, under the default source name', () => {
    expect(() => parsePolicy('bogus: 1\nalso: 2\n')).toThrow(
      'policy: invalid policy\n  bogus, also: unknown field; remove it or fix its spelling\nSee docs/policy.md',
    );
    expect(errorOf('idle:\n  minDays: 0\n  maxCpuP95Pct: 101\n')).toContain('; found 101\n  idle.minDays:');
  });
  it('names the top level when the file is not a mapping', () => {
    expect(errorOf('- a\n')).toContain('\n  (top level): Invalid input: expected object, received array; found ["a"]\n');
  });
  it('reports broken YAML as such', () => {
    expect(errorOf('a: [')).toMatch(/^team\.policy\.yaml: not valid YAML: .*line 1/);
  });
  it('reports a missing value as nothing found', () => {
    expect(errorOf('approvals:\n  approvers: { alice: 5 }\n')).toContain(
      'approvals.approvers.alice: expected a role, or {role, keys: ["ssh-ed25519 …"], passkeys: [{credentialId, publicKey, rpId}]}; found 5',
    );
    expect(errorOf('planCheck: { unpriced: maybe }\n')).toContain('; found "maybe"');
    expect(errorOf('budgets:\n  - { name: b }\n')).toContain('budgets.0.amountUsd: Invalid input: expected number, received undefined; found nothing');
  });
  it('refuses anomaly severities out of order, and a tag budget scope without its tag key', () => {
    // Planned events: a window that ends before it starts, a key the root cause never has, or a date that is not one.
    const planned = (item: string) => `anomalies:\n  planned:\n    - ${item}\n`;
    expect(errorOf(planned('{ name: m, from: "2026-03-10", to: "2026-03-01" }'))).toContain('anomalies.planned.0.to: to must not be before from');
    expect(errorOf(planned('{ name: m, from: "2026-03-01", to: "2026-03-02", match: { owner: web } }'))).toContain(
      'anomalies.planned.0.match.owner: unknown field',
    );
    expect(errorOf(planned('{ name: m, from: "March 1st", to: "2026-03-02" }'))).toContain('anomalies.planned.0.from');
    expect(parsePolicy(planned('{ name: m, from: "2026-03-01", to: "2026-03-02", match: { team: web } }')).anomalies.planned).toEqual([
      { name: 'm', from: '2026-03-01', to: '2026-03-02', match: { team: 'web' } },
    ]);
    expect(errorOf('anomalies:\n  majorPct: 30\n  criticalPct: 29\n')).toContain('anomalies.criticalPct: criticalPct must be at least majorPct');
    expect(parsePolicy('anomalies:\n  majorPct: 30\n  criticalPct: 30\n').anomalies).toMatchObject({ majorPct: 30, criticalPct: 30 });
    expect(errorOf('budgets:\n  - { name: b, amountUsd: 100, scope: { dimension: tag, key: web } }\n')).toContain(
      'budgets.0.scope.tagKey: a tag scope needs tagKey, the normalized tag key whose value is key',
    );
    expect(parsePolicy('budgets:\n  - { name: b, amountUsd: 100, scope: { dimension: tag, key: web, tagKey: app } }\n').budgets[0]?.scope).toEqual({
      dimension: 'tag',
      key: 'web',
      tagKey: 'app',
    });
  });
});
