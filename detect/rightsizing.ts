import {
  digestOf,
  monthlyFromHourly,
  roundCents,
  type Candidate,
  type CatalogEntry,
  type Finding,
  type Resource,
  type UtilizationSummary,
} from '../core/index.js';

export interface RightsizingThresholds {
  minHoursOfMetrics: number;
  maxProjectedCpuP995Pct: number;
  minMonthlySavingsUsd: number;
}

export const DEFAULT_RIGHTSIZING: RightsizingThresholds = { minHoursOfMetrics: 30, maxProjectedCpuP995Pct: 80, minMonthlySavingsUsd: 10 };

/**
 * Deterministic rightsizing: smaller sizes of the same family and architecture whose
 * projected CPU P99.5 stays under the ceiling. Same family keeps the memory-per-vCPU
 * class, which is the only safe choice when memory is not measured.
 */
export function findRightsizing(
  resource: Resource,
  utilization: UtilizationSummary,
  catalog: readonly CatalogEntry[],
  detectedAt: string,
  thresholds: RightsizingThresholds = DEFAULT_RIGHTSIZING,
): Finding | undefined {
  if (resource.kind !== 'vm' || resource.state !== 'running') return undefined;
  if (utilization.hoursObserved < thresholds.minHoursOfMetrics) return undefined;
  const current = catalog.find((c) => c.sku === resource.sku && c.region === resource.region);
  if (!current) return undefined;
  const candidates: Candidate[] = catalog
    .filter((c) => c.region === resource.region && c.family === current.family && c.architecture === current.architecture && c.gpu === current.gpu)
    .filter((c) => c.vcpu < current.vcpu && c.hourlyUsd < current.hourlyUsd)
    .filter((c) => utilization.memory !== undefined || c.memoryGiB / c.vcpu === current.memoryGiB / current.vcpu)
    .map((c) => ({
      sku: c.sku,
      vcpu: c.vcpu,
      memoryGiB: c.memoryGiB,
      architecture: c.architecture,
      hourlyUsd: c.hourlyUsd,
      monthlySavingsUsd: roundCents(monthlyFromHourly(current.hourlyUsd) - monthlyFromHourly(c.hourlyUsd)),
      projectedCpuP995Pct: Math.round(((utilization.cpu.p995 * current.vcpu) / c.vcpu) * 10) / 10,
      flags: [],
    }))
    .filter((c) => c.projectedCpuP995Pct <= thresholds.maxProjectedCpuP995Pct && c.monthlySavingsUsd >= thresholds.minMonthlySavingsUsd)
    .sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd);
  const best = candidates[0];
  if (!best) return undefined;
  return {
    id: `rs-${digestOf({ r: resource.id, sku: resource.sku, day: detectedAt.slice(0, 10) }).slice(0, 12)}`,
    kind: 'rightsizing',
    provider: resource.provider,
    resourceId: resource.id,
    region: resource.region,
    currentSku: resource.sku,
    summary: `${resource.name || resource.id} (${resource.sku}) peaks at ${utilization.cpu.p995.toFixed(1)}% CPU (P99.5 over ${utilization.hoursObserved} h); ${best.sku} would save $${best.monthlySavingsUsd}/month`,
    detectedAt,
    utilization,
    candidates,
    estimatedMonthlySavingsUsd: best.monthlySavingsUsd,
    catalogDate: current.catalogDate,
  };
}
