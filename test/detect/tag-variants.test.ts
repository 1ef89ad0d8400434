import { describe, expect, it } from 'vitest';
import { ResourceSchema, type CatalogEntry, type UtilizationSummary } from '../../core/index.js';
import { findOffHours } from '../../detect/off-hours.js';
import { findRightsizing } from '../../detect/rightsizing.js';

/** Hand-written facts: two sizes of one family, and a VM whose tags carry several spellings of one key. */
const NOW = '2026-07-21T00:00:00.000Z';
const entry = (sku: string, vcpu: number, hourlyUsd: number): CatalogEntry => ({
  provider: 'aws',
  region: 'us-east-1',
  sku,
  family: 'm5',
  vcpu,
  memoryGiB: vcpu * 4,
  architecture: 'x86_64',
  gpu: 0,
  hourlyUsd,
  catalogDate: '2026-07-20',
});
const CATALOG = [entry('m5.2xlarge', 8, 0.384), entry('m5.xlarge', 4, 0.192)];
const vm = (tags: Record<string, string>) =>
  ResourceSchema.parse({ id: 'i-1', provider: 'aws', region: 'us-east-1', sku: 'm5.2xlarge', kind: 'vm', state: 'running', tags });
const NIGHTS = { name: 'nights', stop: '0 20 * * *', start: '0 7 * * *', timezone: 'UTC' };
const selection = { tagKey: 'tollgate:off-hours', schedules: [NIGHTS, { ...NIGHTS, name: 'weekends' }], aliases: {}, isProduction: () => false };

describe('detection reads every variant of a tag', () => {
  it('proposes off-hours for an opt-in under any spelling, and for none when variants name two schedules', () => {
    expect(findOffHours([vm({ ' Tollgate:Off-Hours ': 'Nights' })], CATALOG, NOW, selection)).toHaveLength(1);
    expect(findOffHours([vm({ 'tollgate:off-hours': 'nights', 'TOLLGATE:OFF-HOURS': 'NIGHTS' })], CATALOG, NOW, selection)).toHaveLength(1);
    expect(findOffHours([vm({ 'tollgate:off-hours': 'nights', 'Tollgate:Off-Hours': 'weekends' })], CATALOG, NOW, selection)).toEqual([]);
    expect(findOffHours([vm({ 'Tollgate:Off-Hours': 'weekends', 'tollgate:off-hours': 'nights' })], CATALOG, NOW, selection)).toEqual([]);
  });

  it('reads the opt-in under a policy alias', () => {
    expect(findOffHours([vm({ 'off-hours': 'nights' })], CATALOG, NOW, { ...selection, aliases: { 'tollgate:off-hours': ['off-hours'] } })).toHaveLength(1);
  });

  it('holds a VM to the user-facing limits when any variant says user-facing', () => {
    const usage: UtilizationSummary = {
      resourceId: 'i-1',
      from: '2026-07-07T00:00:00Z',
      to: NOW,
      hoursObserved: 336,
      cpu: { p50: 20, p95: 30, p99: 33, p995: 35, max: 40 },
    };
    // 35 % of 8 vCPUs on 4 is 70 % (under 80 %), but P95 30 % becomes 60 %, over the user-facing 40 %.
    expect(findRightsizing(vm({ workload: 'batch' }), usage, CATALOG, NOW)?.candidates.map((c) => c.sku)).toEqual(['m5.xlarge']);
    for (const tags of [
      { workload: 'batch', Workload: 'user-facing' },
      { Workload: 'user-facing', workload: 'batch' },
    ]) {
      expect(findRightsizing(vm(tags), usage, CATALOG, NOW)).toBeUndefined();
    }
  });
});
