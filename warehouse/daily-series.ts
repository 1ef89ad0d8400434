import type { CostDimension } from '../core/index.js';
import { queryRows, type Warehouse } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';

export interface DailyCostPoint {
  /** YYYY-MM-DD, the UTC day of ChargePeriodStart */
  day: string;
  /** the dimension's value; `all` for total, `(none)` when a row lacks it */
  key: string;
  /** EffectiveCost: what the day really cost, commitments amortized */
  cost: number;
}

const DIMENSION_SQL: Record<CostDimension, string> = {
  total: `'all'`,
  provider: 'ProviderName',
  billingAccount: 'BillingAccountId',
  subAccount: 'SubAccountId',
  service: 'ServiceName',
  region: 'RegionId',
  team: tagValue('team'),
  env: tagValue('env'),
  resource: 'ResourceId',
  usageType: 'SkuMeter',
};

/**
 * Per-day EffectiveCost for each key of one dimension, ordered by key then day — the input the
 * anomaly detector reads. Charges spanning several days (monthly fees) count on their first day.
 */
export async function dailyCostSeries(db: Warehouse, dimension: CostDimension): Promise<DailyCostPoint[]> {
  const rows = await queryRows(
    db,
    `SELECT strftime(CAST(ChargePeriodStart AS DATE), '%Y-%m-%d') AS day, COALESCE(CAST(${DIMENSION_SQL[dimension]} AS VARCHAR), '(none)') AS key,
            sum(EffectiveCost)::DOUBLE AS cost
     FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL GROUP BY ALL ORDER BY key, day`,
  );
  return rows.map((r) => ({ day: String(r.day), key: String(r.key), cost: Number(r.cost ?? 0) }));
}
