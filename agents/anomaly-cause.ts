import type { AnomalyFacts } from '../prompts/index.js';
import type { CostBreakdownRow } from '../tools/cost-query.js';

export type Contributor = AnomalyFacts['contributors'][number];
export type LikelyCause = 'deploy' | 'traffic' | 'data-egress' | 'new-service' | 'pricing-change' | 'unknown';

const round = (n: number) => Math.round(n * 100) / 100;

/** Per-day deltas between a baseline window and the anomaly window, largest rise first. */
export function contributorsFrom(
  dimension: string,
  baseline: readonly CostBreakdownRow[],
  baselineDays: number,
  current: readonly CostBreakdownRow[],
  currentDays: number,
): Contributor[] {
  const label = (row: CostBreakdownRow) => Object.values(row.group).join(' / ');
  const before = new Map(baseline.map((r) => [label(r), r]));
  const keys = new Set([...before.keys(), ...current.map(label)]);
  const now = new Map(current.map((r) => [label(r), r]));
  return [...keys]
    .map((value) => {
      const b = before.get(value);
      const c = now.get(value);
      const baselineUsdPerDay = round((b?.billedCostUsd ?? 0) / baselineDays);
      const currentUsdPerDay = round((c?.billedCostUsd ?? 0) / currentDays);
      return {
        dimension,
        value,
        baselineUsdPerDay,
        currentUsdPerDay,
        deltaUsdPerDay: round(currentUsdPerDay - baselineUsdPerDay),
        baselineQuantityPerDay: round((b?.consumedQuantity ?? 0) / baselineDays),
        currentQuantityPerDay: round((c?.consumedQuantity ?? 0) / currentDays),
      };
    })
    .filter((c) => c.deltaUsdPerDay !== 0)
    .sort((a, b) => b.deltaUsdPerDay - a.deltaUsdPerDay)
    .slice(0, 5);
}

/** detect/'s contributors carry only the day's delta; baseline and usage stay unknown. */
export function contributorsFromDetect(list: readonly { dimension: string; key: string; deltaUsd: number }[]): Contributor[] {
  return list.map((c) => ({
    dimension: c.dimension,
    value: c.key,
    deltaUsdPerDay: round(c.deltaUsd),
    baselineUsdPerDay: null,
    currentUsdPerDay: null,
    baselineQuantityPerDay: null,
    currentQuantityPerDay: null,
  }));
}

/**
 * The deterministic reading of the evidence, in order: no baseline → new service; a data
 * transfer line → egress; a change in the window → deploy; cost up with usage flat →
 * pricing; otherwise traffic.
 */
export function likelyCauseOf(contributors: readonly Contributor[], changeCount: number): LikelyCause {
  const top = contributors.find((c) => c.deltaUsdPerDay > 0);
  if (!top) return 'unknown';
  if (top.baselineUsdPerDay === 0) return 'new-service';
  if (/egress|transfer|bandwidth|outbound/i.test(top.value)) return 'data-egress';
  if (changeCount > 0) return 'deploy';
  const { baselineUsdPerDay: b, currentUsdPerDay: c, baselineQuantityPerDay: bq, currentQuantityPerDay: cq } = top;
  if (b && c && bq && cq !== null && cq / bq <= 1.1 && c / b >= 1.2) return 'pricing-change';
  return 'traffic';
}
