import { digestOf, readTagVariants, type CatalogEntry, type Finding, type Resource, type UtilizationSummary } from '../core/index.js';
import { rightsizingCandidates } from './rightsizing-candidates.js';

export interface RightsizingThresholds {
  minHoursOfMetrics: number;
  maxProjectedCpuP995Pct: number;
  minMonthlySavingsUsd: number;
  /** Memory P99 ceiling on the target when memory is measured (same 20% headroom as CPU). */
  maxProjectedMemoryP99Pct?: number;
  /** Azure Advisor's user-facing limits, for resources tagged as user-facing (policy.rightsizing.userFacing). */
  userFacing?: { tagKey: string; tagValues: string[]; maxProjectedCpuP95Pct: number; maxProjectedMemoryP99Pct: number };
}

const DEFAULT_USER_FACING = { tagKey: 'workload', tagValues: ['user-facing'], maxProjectedCpuP95Pct: 40, maxProjectedMemoryP99Pct: 60 };

export const DEFAULT_RIGHTSIZING: RightsizingThresholds = {
  minHoursOfMetrics: 30,
  maxProjectedCpuP995Pct: 80,
  minMonthlySavingsUsd: 10,
  maxProjectedMemoryP99Pct: 80,
  userFacing: DEFAULT_USER_FACING,
};

/**
 * Deterministic rightsizing: catalog targets (same family smaller, newer generation, other
 * x86 vendor; Arm and GPU flagged as proposals only) whose projected CPU P99.5 keeps 20%
 * headroom, with stricter limits for user-facing workloads. Memory unknown → no move to a
 * smaller memory-per-vCPU class. Under 30 hours of metrics → no finding (insufficient data).
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
  const userFacing = thresholds.userFacing ?? DEFAULT_USER_FACING;
  const candidates = rightsizingCandidates(current, utilization, catalog, {
    maxProjectedCpuP995Pct: thresholds.maxProjectedCpuP995Pct,
    maxProjectedMemoryP99Pct: thresholds.maxProjectedMemoryP99Pct ?? 80,
    minMonthlySavingsUsd: thresholds.minMonthlySavingsUsd,
    // Any variant naming a user-facing value holds the move to the stricter limits.
    userFacing: readTagVariants(resource.tags).anyValueIn(userFacing.tagKey, userFacing.tagValues),
    maxUserFacingCpuP95Pct: userFacing.maxProjectedCpuP95Pct,
    maxUserFacingMemoryP99Pct: userFacing.maxProjectedMemoryP99Pct,
  });
  // The headline is the best move that needs no flagged change; flagged ones stay as proposals.
  const best = candidates.find((c) => !c.flags.includes('architecture-change') && !c.flags.includes('gpu')) ?? candidates[0];
  if (!best) return undefined;
  return {
    id: `rs-${digestOf({ r: resource.id, sku: resource.sku, day: detectedAt.slice(0, 10) }).slice(0, 12)}`,
    kind: 'rightsizing',
    provider: resource.provider,
    resourceId: resource.id,
    account: resource.account,
    region: resource.region,
    currentSku: resource.sku,
    summary: `${resource.name || resource.id} (${resource.sku}) peaks at ${utilization.cpu.p995.toFixed(1)}% CPU (P99.5 over ${utilization.hoursObserved} h); ${best.sku} would save $${best.monthlySavingsUsd}/month at list price (catalog ${current.catalogDate})`,
    detectedAt,
    utilization,
    candidates: [best, ...candidates.filter((c) => c !== best)],
    estimatedMonthlySavingsUsd: best.monthlySavingsUsd,
    catalogDate: current.catalogDate,
  };
}
