import type { Warehouse } from './connection.js';
import { queryRowsTracked, type ProgressTracking } from './query-progress.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';
import { ADDS_TO_A_TOTAL, NO_CURRENCY_LABEL } from './currency-sql.js';

/** One day of EffectiveCost for one combination of keys (detect/anomaly's DailyCostCell shape). */
export interface DailyCostCellRow {
  date: string;
  /** EffectiveCost in `currency` */
  costUsd: number;
  /** BillingCurrency; incidents never add two currencies together. Lines without one are never read as USD: `(no currency)` */
  currency: string;
  keys: {
    provider: string;
    billingAccount: string;
    subAccount: string;
    service: string;
    region: string;
    team: string;
    env: string;
    resource: string;
    usageType: string;
  };
}

/**
 * Daily cost cut by every anomaly dimension at once: dailyCostSeries gives one dimension at a
 * time, and ranking an anomaly's contributors needs the cross-dimensional cells.
 */
export async function dailyCostCells(db: Warehouse, tracking?: ProgressTracking): Promise<DailyCostCellRow[]> {
  const rows = await queryRowsTracked(
    db.connection,
    `SELECT strftime(CAST(ChargePeriodStart AS DATE), '%Y-%m-%d') AS date, COALESCE(BillingCurrency, '${NO_CURRENCY_LABEL}') AS currency,
            COALESCE(ProviderName, '') AS provider, COALESCE(BillingAccountId, '') AS billingAccount,
            COALESCE(SubAccountId, '') AS subAccount, COALESCE(ServiceName, '') AS service, COALESCE(RegionId, '') AS region,
            COALESCE(${tagValue('team')}, '') AS team, COALESCE(${tagValue('env')}, '') AS env,
            COALESCE(ResourceId, '') AS resource, COALESCE(CAST(SkuMeter AS VARCHAR), '') AS usageType,
            sum(EffectiveCost)::DOUBLE AS cost
     FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL AND ${ADDS_TO_A_TOTAL} GROUP BY ALL ORDER BY date`,
    tracking,
  );
  return rows.map((r) => ({
    date: String(r.date),
    costUsd: Number(r.cost ?? 0),
    currency: String(r.currency),
    keys: {
      provider: String(r.provider),
      billingAccount: String(r.billingAccount),
      subAccount: String(r.subAccount),
      service: String(r.service),
      region: String(r.region),
      team: String(r.team),
      env: String(r.env),
      resource: String(r.resource),
      usageType: String(r.usageType),
    },
  }));
}
