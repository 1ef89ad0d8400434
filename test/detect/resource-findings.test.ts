import { describe, expect, it } from 'vitest';
import { ResourceSchema, type UtilizationSummary } from '../../core/index.js';
import { loadCatalogs } from '../../clouds/catalogs/load-catalogs.js';
import { gceMachineShape } from '../../clouds/catalogs/gce-machine-shape.js';
import { awsCatalog, azureCatalog } from '../../clouds/pricing/index.js';
import { scanForFindings } from '../../detect/scan.js';
import { findRightsizing } from '../../detect/rightsizing.js';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const catalog = loadCatalogs(DATA);
const NOW = '2026-07-21T00:00:00.000Z';

const usage = (cpu: Partial<UtilizationSummary['cpu']>, extra: Partial<UtilizationSummary> = {}): UtilizationSummary => ({
  resourceId: 'r',
  from: '2026-07-07T00:00:00Z',
  to: NOW,
  hoursObserved: 14 * 24,
  cpu: { p50: 5, p95: 10, p99: 12, p995: 14, max: 20, ...cpu },
  ...extra,
});
const vm = (sku: string, region: string, provider: 'aws' | 'azure' | 'gcp', tags: Record<string, string> = {}) =>
  ResourceSchema.parse({ id: `${provider}-${sku}`, provider, region, sku, tags });

describe('catalogs from the shared data', () => {
  it('joins prices with specs for all three clouds, with the catalog date', () => {
    for (const provider of ['aws', 'azure', 'gcp'] as const) expect(catalog.filter((c) => c.provider === provider).length).toBeGreaterThan(100);
    const m5 = catalog.find((c) => c.sku === 'm5.2xlarge')!;
    expect(m5).toMatchObject({ vcpu: 8, memoryGiB: 32, series: 'm', generation: 5, processorVendor: 'intel', catalogDate: '2026-07-20' });
    expect(catalog.find((c) => c.sku === 'm6g.large')).toMatchObject({ architecture: 'arm64', processorVendor: 'aws' });
  });

  it('derives GCE shapes from names and does not trust the inflated e2-micro/e2-small prices', () => {
    expect(gceMachineShape('n2-standard-8')).toMatchObject({ vcpu: 8, memoryGiB: 32 });
    expect(gceMachineShape('n1-highmem-4')).toMatchObject({ vcpu: 4, memoryGiB: 26 });
    const micro = catalog.find((c) => c.sku === 'e2-micro')!;
    const medium = catalog.find((c) => c.sku === 'e2-medium')!;
    expect(micro.hourlyUsd).toBeLessThan(medium.hourlyUsd / 2);
  });
});

describe('one loader for the AWS and Azure price files', () => {
  it("the cloud adapters' catalogs (clouds/pricing) are the shared catalogs' entries, series and generation included", () => {
    expect(awsCatalog()).toEqual(catalog.filter((c) => c.provider === 'aws'));
    expect(azureCatalog()).toEqual(catalog.filter((c) => c.provider === 'azure'));
  });

  it('counts the L4 GPUs of GCE G2 sizes, so a GPU machine is never proposed as a plain move', () => {
    expect(catalog.find((c) => c.sku === 'g2-standard-4')).toMatchObject({ gpu: 1 });
    expect(catalog.find((c) => c.sku === 'g2-standard-48')).toMatchObject({ gpu: 4 });
    const n2 = findRightsizing(vm('n2-standard-16', 'us-central1', 'gcp'), usage({}), catalog, NOW)!;
    expect(n2.candidates.filter((c) => c.sku.startsWith('g2-'))).toEqual([]);
  });
});

describe('resource findings', () => {
  it('proposes same-family, newer-generation and other-vendor targets with savings; Arm only flagged', () => {
    const finding = findRightsizing(vm('m5.4xlarge', 'us-east-1', 'aws'), usage({ p95: 10, p995: 15 }), catalog, NOW)!;
    expect(finding.kind).toBe('rightsizing');
    expect(finding.catalogDate).toBe('2026-07-20');
    const flagsOf = (sku: string) => finding.candidates.find((c) => c.sku === sku)?.flags;
    expect(flagsOf('m5.xlarge')).toEqual([]);
    expect(flagsOf('m5a.xlarge')).toEqual(['processor-vendor-change']);
    expect(flagsOf('m6i.xlarge')).toEqual(['newer-generation']);
    expect(flagsOf('m6g.xlarge')).toContain('architecture-change');
    expect(finding.candidates[0]!.flags).not.toContain('architecture-change');
    for (const c of finding.candidates) {
      expect(c.projectedCpuP995Pct).toBeLessThanOrEqual(80);
      expect(c.monthlySavingsUsd).toBeGreaterThanOrEqual(10);
      expect(c.memoryGiB / c.vcpu).toBeGreaterThanOrEqual(4); // memory unknown: never a smaller memory class
    }
  });

  it('keeps 20% CPU headroom, applies the user-facing P95 ceiling, and needs 30 hours of data', () => {
    const busy = findRightsizing(vm('m5.2xlarge', 'us-east-1', 'aws'), usage({ p95: 30, p995: 45 }), catalog, NOW);
    expect(busy?.candidates.every((c) => c.vcpu >= 8 * (45 / 80))).toBe(true);
    const userFacing = findRightsizing(vm('m5.2xlarge', 'us-east-1', 'aws', { Workload: 'user-facing' }), usage({ p95: 30, p995: 35 }), catalog, NOW);
    expect(userFacing?.candidates.some((c) => c.vcpu < 8) ?? false).toBe(false); // 30% × 2 = 60% > 40%
    expect(findRightsizing(vm('m5.2xlarge', 'us-east-1', 'aws'), usage({}, { hoursObserved: 29 }), catalog, NOW)).toBeUndefined();
  });

  it('works on Azure and GCE sizes', () => {
    const azure = findRightsizing(vm('Standard_D8s_v5', 'eastus', 'azure'), usage({}), catalog, NOW)!;
    expect(azure.candidates.some((c) => c.sku === 'Standard_D4s_v5' || c.sku === 'Standard_D2s_v5')).toBe(true);
    const gcp = findRightsizing(vm('n2-standard-16', 'us-central1', 'gcp'), usage({}), catalog, NOW)!;
    expect(gcp.candidates.some((c) => c.sku === 'n2-standard-4')).toBe(true);
  });

  it('finds idle VMs, unattached volumes and unassociated addresses', () => {
    const idleVm = vm('m5.large', 'us-east-1', 'aws');
    const volume = ResourceSchema.parse({
      id: 'vol-1',
      provider: 'aws',
      region: 'us-east-1',
      kind: 'volume',
      sku: 'gp3',
      state: 'available',
      sizeGiB: 500,
      monthlyCostUsd: 40,
    });
    const attached = ResourceSchema.parse({ ...volume, id: 'vol-2', state: 'in-use', attachedTo: 'i-1' });
    const address = ResourceSchema.parse({
      id: 'eip-1',
      provider: 'aws',
      region: 'us-east-1',
      kind: 'address',
      sku: 'eip',
      state: 'available',
      monthlyCostUsd: 3.65,
    });
    const findings = scanForFindings(
      [
        { resource: idleVm, utilization: usage({ p95: 1.2, p995: 2 }, { networkP95Pct: 0.5, hoursObserved: 7 * 24 }) },
        { resource: vm('m5.xlarge', 'us-east-1', 'aws'), utilization: usage({ p95: 1.2 }, { networkP95Pct: 5 }) },
        { resource: volume },
        { resource: attached },
        { resource: address },
      ],
      catalog,
      NOW,
    );
    expect(findings.map((f) => [f.kind, f.resourceId])).toEqual([
      ['idle', idleVm.id],
      ['rightsizing', 'aws-m5.xlarge'],
      ['orphan-volume', 'vol-1'],
      ['orphan-address', 'eip-1'],
    ]);
    expect(findings[0]!.estimatedMonthlySavingsUsd).toBeCloseTo(0.096 * 730, 1);
  });
});
