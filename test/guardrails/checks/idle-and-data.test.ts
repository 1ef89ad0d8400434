import { describe, expect, it } from 'vitest';
import { dataSufficiency } from '../../../guardrails/checks/data-sufficiency.js';
import { idleRule } from '../../../guardrails/checks/idle-rule.js';
import { context, policy, proposalFor, resize, simple, withCpu } from '../fixtures.js';

const stop = proposalFor(simple('stop'));
const idle = (cpuP95: number, networkP95Pct: number | undefined, hoursObserved = 168) =>
  context({ proposal: stop, utilization: withCpu({ p95: cpuP95 }, { hoursObserved, networkP95Pct }) });

describe('idle-rule (Azure Advisor shutdown rule)', () => {
  it('passes CPU P95 < 3 % and network < 2 % over 7 days', () => {
    expect(idleRule.run(idle(2.9, 1.9))).toEqual({
      passed: true,
      reason: 'idle for 7 days: CPU P95 2.9% < 3%, network P95 1.9% < 2%',
      numbers: { maxCpuP95Pct: 3, maxNetworkP95Pct: 2, minDays: 7, days: 7, cpuP95Pct: 2.9, networkP95Pct: 1.9 },
    });
  });
  it('fails at CPU P95 of exactly 3 %', () => {
    expect(idleRule.run(idle(3, 1))).toMatchObject({ passed: false, reason: 'not idle: CPU P95 3% ≥ 3%' });
  });
  it('fails at network P95 of exactly 2 %', () => {
    expect(idleRule.run(idle(1, 2))).toMatchObject({ passed: false, reason: 'not idle: network P95 2% ≥ 2%' });
  });
  it('fails with less than 7 days, even when it prints as 7.0', () => {
    expect(idleRule.run(idle(1, 1, 167))).toMatchObject({ passed: false, reason: 'not idle yet: 7 days observed < 7', numbers: { days: 7 } });
  });
  it('fails when network is unknown or there is no utilization', () => {
    expect(idleRule.run(idle(1, undefined))).toMatchObject({
      passed: false,
      reason: 'not idle: network utilization unknown',
      numbers: { networkP95Pct: null },
    });
    expect(idleRule.run(context({ proposal: stop, utilization: undefined }))).toEqual({
      passed: false,
      reason: 'not idle: no utilization to judge by',
      numbers: { maxCpuP95Pct: 3, maxNetworkP95Pct: 2, minDays: 7 },
    });
  });
  it('takes its thresholds from the policy', () => {
    const p = policy({ idle: { maxCpuP95Pct: 5, maxNetworkP95Pct: 4, minDays: 3 } });
    expect(idleRule.run({ ...idle(4.9, 3.9, 72), policy: p }).passed).toBe(true);
  });
  it('applies to stops only', () => {
    expect(idleRule.appliesTo(simple('stop'))).toBe(true);
    expect(idleRule.appliesTo(simple('start'))).toBe(false);
    expect(idleRule.appliesTo(resize('m5.xlarge'))).toBe(false);
  });
});

describe('data-sufficiency (AWS Compute Optimizer: 30 h)', () => {
  it('passes with 30 h of metrics', () => {
    expect(dataSufficiency.run(context({ utilization: withCpu({}, { hoursObserved: 30 }) }))).toEqual({
      passed: true,
      reason: '30 h of metrics ≥ 30 h required',
      numbers: { hoursObserved: 30, required: 30 },
    });
  });
  it('fails with 29.9 h or none', () => {
    expect(dataSufficiency.run(context({ utilization: withCpu({}, { hoursObserved: 29.9 }) }))).toEqual({
      passed: false,
      reason: 'insufficient data: 29.9 h of metrics, 30 h required',
      numbers: { hoursObserved: 29.9, required: 30 },
    });
    expect(dataSufficiency.run(context({ utilization: undefined })).numbers).toEqual({ hoursObserved: 0, required: 30 });
  });
  it('applies to resizes and stops', () => {
    expect(dataSufficiency.appliesTo(resize('m5.xlarge'))).toBe(true);
    expect(dataSufficiency.appliesTo(simple('stop'))).toBe(true);
    expect(dataSufficiency.appliesTo(simple('start'))).toBe(false);
  });
});
