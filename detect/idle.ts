import { digestOf, monthlyFromHourly, type CatalogEntry, type Finding, type Resource, type UtilizationSummary } from '../core/index.js';

/** Azure Advisor's shutdown rule (policy.idle): P95 CPU under 3% and network under 2% for 7 days. */
export interface IdleThresholds {
  maxCpuP95Pct: number;
  maxNetworkP95Pct: number;
  minDays: number;
}

export const DEFAULT_IDLE: IdleThresholds = { maxCpuP95Pct: 3, maxNetworkP95Pct: 2, minDays: 7 };

/** A running VM idle over the whole window; network unknown means not idle (we cannot tell). */
export function findIdle(
  resource: Resource,
  utilization: UtilizationSummary,
  catalog: readonly CatalogEntry[],
  detectedAt: string,
  thresholds: IdleThresholds = DEFAULT_IDLE,
): Finding | undefined {
  if (resource.kind !== 'vm' || resource.state !== 'running') return undefined;
  if (utilization.hoursObserved < thresholds.minDays * 24) return undefined;
  if (utilization.cpu.p95 >= thresholds.maxCpuP95Pct) return undefined;
  if (utilization.networkP95Pct === undefined || utilization.networkP95Pct >= thresholds.maxNetworkP95Pct) return undefined;
  const current = catalog.find((c) => c.sku === resource.sku && c.region === resource.region);
  const monthly = current ? monthlyFromHourly(current.hourlyUsd) : 0;
  return {
    id: `idle-${digestOf({ r: resource.id, day: detectedAt.slice(0, 10) }).slice(0, 12)}`,
    kind: 'idle',
    provider: resource.provider,
    resourceId: resource.id,
    account: resource.account,
    region: resource.region,
    currentSku: resource.sku,
    summary: `${resource.name || resource.id} (${resource.sku}) is idle: CPU P95 ${utilization.cpu.p95.toFixed(1)}% < ${thresholds.maxCpuP95Pct}% and network P95 ${utilization.networkP95Pct.toFixed(1)}% < ${thresholds.maxNetworkP95Pct}% over ${Math.floor(utilization.hoursObserved / 24)} days; stopping saves $${monthly}/month at list price`,
    detectedAt,
    utilization,
    candidates: [],
    estimatedMonthlySavingsUsd: monthly,
    ...(current ? { catalogDate: current.catalogDate } : {}),
  };
}
