import { describe, expect, it } from 'vitest';
import { addMs } from '../../../core/index.js';
import { cooldown } from '../../../guardrails/checks/cooldown.js';
import { factsFresh } from '../../../guardrails/checks/facts-fresh.js';
import { freezeWindow } from '../../../guardrails/checks/freeze-window.js';
import { context, NOW, policy, RESOURCE, simple } from '../fixtures.js';

const DAY = 86_400_000;

describe('cooldown (AWS remediation default: 7 days)', () => {
  it('passes a resource with no recorded change', () => {
    expect(cooldown.run(context())).toEqual({ passed: true, reason: 'no recorded change', numbers: { minDays: 7 } });
  });
  it('passes at exactly 7 days', () => {
    expect(cooldown.run(context({ resource: { ...RESOURCE, lastChangedAt: addMs(NOW, -7 * DAY) } }))).toEqual({
      passed: true,
      reason: 'last changed 7 days ago ≥ 7',
      numbers: { daysSinceChange: 7, minDays: 7 },
    });
  });
  it('fails a minute short of 7 days, though it prints as 7', () => {
    expect(cooldown.run(context({ resource: { ...RESOURCE, lastChangedAt: addMs(NOW, -7 * DAY + 60_000) } }))).toEqual({
      passed: false,
      reason: 'last changed 7 days ago < 7: let it settle',
      numbers: { daysSinceChange: 7, minDays: 7 },
    });
  });
  it('applies to every action but an off-hours enrollment (v3), whose own nightly stops change the VM', () => {
    expect(cooldown.appliesTo(simple('stop'))).toBe(true);
    expect(
      cooldown.appliesTo({ ...simple('stop'), type: 'off-hours', schedule: 'nights', stopCron: '0 20 * * *', startCron: '0 7 * * *', timezone: 'UTC' }),
    ).toBe(false);
  });
});

describe('facts-fresh', () => {
  it('passes facts exactly as old as the policy allows', () => {
    expect(factsFresh.run(context({ factsAt: addMs(NOW, -60 * 60_000) }))).toEqual({
      passed: true,
      reason: 'facts are 60 min old ≤ 60',
      numbers: { ageMinutes: 60, maxMinutes: 60 },
    });
  });
  it('fails facts a second older than allowed', () => {
    expect(factsFresh.run(context({ factsAt: addMs(NOW, -60 * 60_000 - 1000) }))).toEqual({
      passed: false,
      reason: 'facts are 60 min old; the policy allows 60',
      numbers: { ageMinutes: 60, maxMinutes: 60 },
    });
  });
  it('fails facts dated after the evaluation', () => {
    expect(factsFresh.run(context({ factsAt: addMs(NOW, 1000) }))).toMatchObject({
      passed: false,
      reason: `facts are dated ${addMs(NOW, 1000)}, after the evaluation at ${NOW}`,
    });
  });
  it('applies to every action', () => {
    expect(factsFresh.appliesTo(simple('start'))).toBe(true);
  });
});

describe('freeze-window', () => {
  const p = () =>
    policy({
      freezeWindows: [
        { name: 'year-end', from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z' },
        { name: 'weekend', cron: '0 18 * * 5', duration: '60h' },
      ],
    });
  it('refuses a change inside a dated window', () => {
    expect(freezeWindow.run(context({ policy: p(), now: '2026-12-24T10:00:00.000Z' }))).toEqual({
      passed: false,
      reason: 'freeze window "year-end" is in force from 2026-12-20T00:00:00Z to 2027-01-04T00:00:00Z',
      numbers: { window: 'year-end', from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z', now: '2026-12-24T10:00:00.000Z' },
    });
  });
  it('refuses a change inside a recurring window (Friday 18:00 UTC + 60 h)', () => {
    // 2026-07-18 is a Saturday.
    expect(freezeWindow.run(context({ policy: p(), now: '2026-07-18T09:00:00.000Z' }))).toMatchObject({
      passed: false,
      numbers: { window: 'weekend', from: '2026-07-17T18:00:00.000Z', to: '2026-07-20T06:00:00.000Z' },
    });
  });
  it('passes outside every window', () => {
    expect(freezeWindow.run(context({ policy: p() }))).toEqual({ passed: true, reason: `no freeze window at ${NOW}`, numbers: { windows: 2, now: NOW } });
  });
  it('applies to every action', () => {
    expect(freezeWindow.appliesTo(simple('stop'))).toBe(true);
  });
});
