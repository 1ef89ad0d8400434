import { normalizeTagKey } from '../../core/index.js';
import type { DailyCostCell } from './daily-cost-cell.js';

/** The FOCUS 1.2 columns the anomaly detector reads, as the warehouse returns them. */
export interface FocusCostRow {
  ChargePeriodStart: string;
  EffectiveCost: number;
  /** ISO 4217; cells of two currencies are never merged (absent: USD, as DailyCostCell reads it) */
  BillingCurrency?: string | null;
  ProviderName?: string | null;
  BillingAccountId?: string | null;
  SubAccountId?: string | null;
  ServiceName?: string | null;
  RegionId?: string | null;
  ResourceId?: string | null;
  /** FOCUS has no usage-type column; the SKU description is the closest, e.g. SkuPriceDetails or x_UsageType. */
  x_UsageType?: string | null;
  /** Tags with normalized keys (warehouse x_tags). */
  Tags?: Record<string, string> | null;
}

/**
 * FOCUS rows → one cell per day and key combination. Cost is EffectiveCost (amortized), so
 * an upfront commitment purchase is spread over its term instead of looking like a spike.
 */
export function cellsFromFocusRows(rows: Iterable<FocusCostRow>, tagKeys: { team: string; env: string } = { team: 'team', env: 'env' }): DailyCostCell[] {
  const cells = new Map<string, DailyCostCell>();
  for (const row of rows) {
    const tags = normalizedTags(row.Tags ?? {});
    const cell: DailyCostCell = {
      date: row.ChargePeriodStart.slice(0, 10),
      costUsd: Number(row.EffectiveCost) || 0,
      ...(row.BillingCurrency ? { currency: row.BillingCurrency } : {}),
      keys: {
        provider: row.ProviderName ?? '',
        billingAccount: row.BillingAccountId ?? '',
        subAccount: row.SubAccountId ?? '',
        service: row.ServiceName ?? '',
        region: row.RegionId ?? '',
        resource: row.ResourceId ?? '',
        usageType: row.x_UsageType ?? '',
        team: tags[tagKeys.team] ?? '',
        env: tags[tagKeys.env] ?? '',
      },
    };
    const id = `${cell.date}\u0000${cell.currency ?? 'USD'}\u0000${Object.values(cell.keys).join('\u0000')}`;
    const existing = cells.get(id);
    if (existing) existing.costUsd += cell.costUsd;
    else cells.set(id, cell);
  }
  return [...cells.values()];
}

function normalizedTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[normalizeTagKey(k)] = String(v).trim();
  return out;
}
