import type { CostBreakdownRequest, CostBreakdownRow, CostDimension, ReadOnlyCostQuery } from './cost-query.js';

/** A cost row with the FOCUS columns the breakdown uses. */
export type CostRowLike = Partial<Record<CostDimension, string>> & {
  ChargePeriodStart: string;
  BilledCost: number;
  ConsumedQuantity?: number;
  /** ISO 4217; absent = USD. A breakdown's amounts are dollars, so rows in another currency are refused, never added. */
  BillingCurrency?: string;
};

/** A ReadOnlyCostQuery over rows in memory: scenarios, tests and benches use it without DuckDB. */
export function costQueryOverRows(rows: readonly CostRowLike[]): ReadOnlyCostQuery {
  const other = [...new Set(rows.map((r) => r.BillingCurrency ?? 'USD'))].filter((c) => c !== 'USD').sort();
  if (other.length > 0)
    throw new Error(`cost rows in ${other.join(', ')}: a cost breakdown reports billedCostUsd, so it takes USD rows only; filter the rows to USD`);
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
