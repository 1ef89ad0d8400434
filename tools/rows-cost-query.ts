import type { CostBreakdownRequest, CostBreakdownRow, CostDimension, ReadOnlyCostQuery } from './cost-query.js';

/** A cost row with the FOCUS columns the breakdown uses. */
export type CostRowLike = Partial<Record<CostDimension, string>> & { ChargePeriodStart: string; BilledCost: number; ConsumedQuantity?: number };

/** A ReadOnlyCostQuery over rows in memory: scenarios, tests and benches use it without DuckDB. */
export function costQueryOverRows(rows: readonly CostRowLike[]): ReadOnlyCostQuery {
  return async (request: CostBreakdownRequest) => {
    const groups = new Map<string, CostBreakdownRow>();
    for (const row of rows) {
      if (row.ChargePeriodStart < request.from || row.ChargePeriodStart >= request.to) continue;
      if (Object.entries(request.filter).some(([k, v]) => row[k as CostDimension] !== v)) continue;
      const group = Object.fromEntries(request.groupBy.map((d) => [d, row[d] ?? ''])) as CostBreakdownRow['group'];
      const key = JSON.stringify(group);
      const sum = groups.get(key) ?? { group, billedCostUsd: 0, consumedQuantity: 0 };
      sum.billedCostUsd += row.BilledCost;
      sum.consumedQuantity += row.ConsumedQuantity ?? 0;
      groups.set(key, sum);
    }
    return [...groups.values()].sort((a, b) => b.billedCostUsd - a.billedCostUsd).slice(0, request.limit);
  };
}
