import { describe, expect, it } from 'vitest';
import { cpuHeadroom } from '../../../guardrails/checks/cpu-headroom.js';
import { memoryHeadroom } from '../../../guardrails/checks/memory-headroom.js';
import { userFacingCpu } from '../../../guardrails/checks/user-facing-cpu.js';
import { context, policy, proposalFor, RESOURCE, resize, simple, UTILIZATION, withCpu, withTags } from '../fixtures.js';

const userFacing = withTags({ env: 'dev', Workload: 'User-Facing' });

describe('cpu-headroom', () => {
  it('passes when the P99.5 projected onto the target stays at or under 80 %', () => {
    const out = cpuHeadroom.run(context({ utilization: withCpu({ p995: 40 }) }));
    expect(out).toEqual({
      passed: true,
      reason: 'projected CPU P99.5 80% ≤ 80% on m5.xlarge',
      numbers: { observedP995Pct: 40, currentVcpu: 8, targetVcpu: 4, projectedP995Pct: 80, ceilingPct: 80 },
    });
  });
  it('fails just over the ceiling', () => {
    const out = cpuHeadroom.run(context({ utilization: withCpu({ p995: 40.1 }) }));
    expect(out.passed).toBe(false);
    expect(out.reason).toBe('projected CPU P99.5 80.2% > 80% on m5.xlarge: not enough headroom');
    expect(out.numbers.projectedP995Pct).toBe(80.2);
  });
  it('fails without utilization or an unknown size', () => {
    const cannot = { passed: false, reason: 'cannot project CPU: current size, target size or utilization unknown', numbers: { ceilingPct: 80 } };
    expect(cpuHeadroom.run(context({ utilization: undefined }))).toEqual(cannot);
    expect(cpuHeadroom.run(context({ proposal: proposalFor(resize('m5.imaginary')) }))).toEqual(cannot);
    expect(cpuHeadroom.run(context({ resource: { ...RESOURCE, sku: 'm5.imaginary' }, proposal: proposalFor(resize('m5.xlarge', 'm5.imaginary')) }))).toEqual(
      cannot,
    );
  });
  it('passes a non-resize through', () => {
    expect(cpuHeadroom.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
  it('applies to resizes only', () => {
    expect(cpuHeadroom.appliesTo(resize('m5.xlarge'))).toBe(true);
    expect(cpuHeadroom.appliesTo(simple('stop'))).toBe(false);
  });
});

describe('user-facing-cpu', () => {
  it('passes any workload not tagged user-facing', () => {
    const out = userFacingCpu.run(context({ utilization: withCpu({ p95: 35 }) }));
    expect(out).toEqual({ passed: true, reason: 'not a user-facing workload', numbers: { ceilingPct: 40, userFacing: false } });
  });
  it('allows projected P95 up to 40 % on user-facing workloads', () => {
    const out = userFacingCpu.run(context({ resource: userFacing, utilization: withCpu({ p95: 20 }) }));
    expect(out).toEqual({
      passed: true,
      reason: 'user-facing: projected CPU P95 40% ≤ 40% on m5.xlarge',
      numbers: { observedP95Pct: 20, currentVcpu: 8, targetVcpu: 4, projectedP95Pct: 40, ceilingPct: 40 },
    });
  });
  it('refuses projected P95 over 40 % even when it rounds to 40', () => {
    const out = userFacingCpu.run(context({ resource: userFacing, utilization: withCpu({ p95: 20.01 }) }));
    expect(out.passed).toBe(false);
    expect(out.reason).toBe('user-facing: projected CPU P95 40% > 40% on m5.xlarge');
  });
  it('matches any of the policy’s user-facing values', () => {
    const p = policy({ rightsizing: { userFacing: { tagValues: ['user-facing', 'web'] } } });
    expect(userFacingCpu.run(context({ policy: p, resource: withTags({ workload: 'WEB' }) })).reason).toBe(
      'user-facing: projected CPU P95 36% ≤ 40% on m5.xlarge',
    );
    expect(userFacingCpu.run(context({ policy: p, resource: withTags({ workload: 'batch' }) })).reason).toBe('not a user-facing workload');
  });
  it('honours the policy tag and ceiling', () => {
    const p = policy({ rightsizing: { userFacing: { tagKey: 'tier', tagValues: ['web'], maxProjectedCpuP95Pct: 30 } } });
    const out = userFacingCpu.run(context({ policy: p, resource: withTags({ tier: 'web' }) }));
    expect(out.passed).toBe(false);
    expect(out.numbers).toMatchObject({ projectedP95Pct: 36, ceilingPct: 30 });
  });
  it('fails when a user-facing projection is impossible', () => {
    expect(userFacingCpu.run(context({ resource: userFacing, utilization: undefined }))).toEqual({
      passed: false,
      reason: 'cannot project CPU P95: current size, target size or utilization unknown',
      numbers: { ceilingPct: 40, userFacing: true },
    });
    expect(userFacingCpu.run(context({ resource: userFacing, proposal: proposalFor(resize('x9.huge')) })).passed).toBe(false);
  });
  it('passes a non-resize through', () => {
    expect(userFacingCpu.appliesTo(simple('stop'))).toBe(false);
    expect(userFacingCpu.run(context({ proposal: proposalFor(simple('stop')) })).reason).toBe('not a resize');
  });
});

describe('memory-headroom', () => {
  it('projects memory P99 onto the target and passes at or under 80 %', () => {
    const out = memoryHeadroom.run(context({ utilization: { ...UTILIZATION, memory: { p95: 30, p99: 40 } } }));
    expect(out).toEqual({
      passed: true,
      reason: 'projected memory P99 80% ≤ 80% on m5.xlarge',
      numbers: { currentGiB: 32, targetGiB: 16, ceilingPct: 80, userFacing: false, observedP99Pct: 40, projectedP99Pct: 80 },
    });
  });
  it('fails over the ceiling', () => {
    const out = memoryHeadroom.run(context({ utilization: { ...UTILIZATION, memory: { p95: 30, p99: 40.01 } } }));
    expect(out.passed).toBe(false);
    expect(out.reason).toBe('projected memory P99 80% > 80% on m5.xlarge: not enough headroom');
  });
  it('uses 60 % for user-facing workloads (Azure Advisor)', () => {
    const util = { ...UTILIZATION, memory: { p95: 30, p99: 31 } };
    const out = memoryHeadroom.run(context({ resource: userFacing, utilization: util }));
    expect(out).toMatchObject({ passed: false, numbers: { projectedP99Pct: 62, ceilingPct: 60, userFacing: true } });
    expect(memoryHeadroom.run(context({ utilization: util })).passed).toBe(true);
    expect(memoryHeadroom.run(context({ resource: userFacing, utilization: { ...util, memory: { p95: 30, p99: 30 } } })).passed).toBe(true);
  });
  it('refuses a downsize across memory classes (GiB per vCPU) when memory is unknown', () => {
    const out = memoryHeadroom.run(context({ proposal: proposalFor(resize('c5.xlarge')), utilization: { ...UTILIZATION, memory: undefined } }));
    expect(out).toEqual({
      passed: false,
      reason: 'memory unknown: no downsize across memory classes (4 → 2 GiB/vCPU)',
      numbers: { currentGiB: 32, targetGiB: 8, ceilingPct: 80, userFacing: false, observedP99Pct: null, currentGiBPerVcpu: 4, targetGiBPerVcpu: 2 },
    });
  });
  it('treats missing utilization as unknown memory', () => {
    expect(memoryHeadroom.run(context({ utilization: undefined })).passed).toBe(true);
    expect(memoryHeadroom.run(context({ utilization: undefined, proposal: proposalFor(resize('c5.xlarge')) })).passed).toBe(false);
  });
  it('allows a smaller size of the same memory class when memory is unknown', () => {
    expect(memoryHeadroom.run(context({ utilization: { ...UTILIZATION, memory: undefined } }))).toMatchObject({
      passed: true,
      reason: 'memory unknown: m5.xlarge stays in the 4 GiB/vCPU memory class',
    });
  });
  it('allows a change that keeps all the memory when memory is unknown', () => {
    const out = memoryHeadroom.run(context({ proposal: proposalFor(resize('d4s.xlarge')), utilization: { ...UTILIZATION, memory: undefined } }));
    expect(out).toMatchObject({ passed: true, reason: 'memory unknown, but d4s.xlarge keeps 32 GiB ≥ 32 GiB' });
  });
  it('fails when a size is missing from the catalog', () => {
    expect(memoryHeadroom.run(context({ proposal: proposalFor(resize('x9.huge')) }))).toEqual({
      passed: false,
      reason: 'cannot project memory: current or target size missing from the catalog',
      numbers: { ceilingPct: 80 },
    });
  });
  it('passes a non-resize through', () => {
    expect(memoryHeadroom.appliesTo(simple('stop'))).toBe(false);
    expect(memoryHeadroom.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
});
