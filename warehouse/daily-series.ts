import type { CostDimension } from '../core/index.js';
import { queryRows, type Warehouse } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';
import { ADDS_TO_A_TOTAL } from './currency-sql.js';

export interface DailyCostPoint {
  /** YYYY-MM-DD, the UTC day of ChargePeriodStart */
  day: string;
  /** the dimension's value; `all` for total, `(none)` when a row lacks it */
  key: string;
  /** BillingCurrency of `cost` (null: lines loaded without one); a key billed in two currencies has a point in each */
  currency: string | null;
  /** EffectiveCost in `currency`: what the day really cost, commitments amortized */
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
 * Per-day EffectiveCost for each currency and key of one dimension, ordered by currency, key, day.
 * Amounts in two currencies are never added: a key billed in USD and EUR has two series.
 * Charges spanning several days (monthly fees) count on their first day.
 */
export async function dailyCostSeries(db: Warehouse, dimension: CostDimension): Promise<DailyCostPoint[]> {
  const rows = await queryRows(
    db,
    `SELECT BillingCurrency AS currency, strftime(CAST(ChargePeriodStart AS DATE), '%Y-%m-%d') AS day,
            COALESCE(CAST(${DIMENSION_SQL[dimension]} AS VARCHAR), '(none)') AS key, sum(EffectiveCost)::DOUBLE AS cost
     FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL AND ${ADDS_TO_A_TOTAL} GROUP BY ALL ORDER BY currency NULLS LAST, key, day`,
  );
  return rows.map((r) => ({ day: String(r.day), key: String(r.key), currency: (r.currency as string | null) ?? null, cost: Number(r.cost ?? 0) }));
}

/** Whose spend a budget covers (policy `budgets[].scope`): the whole bill, a team or env tag, an account, or any normalized tag. */
export interface SpendScope {
  dimension: 'total' | 'team' | 'env' | 'billingAccount' | 'subAccount' | 'tag';
  key: string;
  tagKey?: string | undefined;
}

function scopeFilter(scope: SpendScope): { sql: string; params: string[] } {
  switch (scope.dimension) {
    case 'total':
      return { sql: 'TRUE', params: [] };
    case 'team':
    case 'env':
      return { sql: `${tagValue(scope.dimension)} = ?`, params: [scope.key] };
    case 'billingAccount':
      return { sql: 'BillingAccountId = ?', params: [scope.key] };
    case 'subAccount':
      return { sql: 'SubAccountId = ?', params: [scope.key] };
    case 'tag':
      if (!scope.tagKey) throw new Error('a tag scope needs tagKey: the normalized tag key whose value is `key`');
      return { sql: `${tagValue(scope.tagKey)} = ?`, params: [scope.key] };
  }
}

function describeScope(scope: SpendScope): string {
  return scope.dimension === 'tag' ? `tag ${scope.tagKey ?? '?'}=${scope.key}` : `${scope.dimension}=${scope.key}`;
}

/**
 * Per-day EffectiveCost of one budget scope, ordered by day (days without cost are absent).
 * Charges spanning several days count on their first day, as in dailyCostSeries.
 */
export async function dailyCostInScope(db: Warehouse, scope: SpendScope): Promise<{ date: string; costUsd: number }[]> {
  const filter = scopeFilter(scope);
  // Budgets are amounts in USD: a cost in another currency is never added to them, so such a scope is refused.
  const foreign = await queryRows(
    db,
    `SELECT BillingCurrency AS c, list(DISTINCT coalesce(BillingAccountId, '(no account)') ORDER BY coalesce(BillingAccountId, '(no account)')) AS accounts
     FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL AND ${filter.sql} AND BillingCurrency IS DISTINCT FROM 'USD' AND BillingCurrency IS NOT NULL
     GROUP BY ALL ORDER BY c`,
    filter.params,
  );
  if (foreign.length > 0) {
    const where = foreign.map((r) => `${String(r.c)} (billing account ${(r.accounts as unknown[]).map(String).join(', ')})`).join(', ');
    throw new Error(
      `budget scope ${describeScope(scope)} has costs in ${where}: budget amounts are in USD and costs in another currency are never added to them; narrow the scope to accounts billed in USD (scope: {dimension: billingAccount, key: ...}) or remove the budget`,
    );
  }
  const rows = await queryRows(
    db,
    `SELECT strftime(CAST(ChargePeriodStart AS DATE), '%Y-%m-%d') AS date, sum(EffectiveCost)::DOUBLE AS cost
     FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL AND ${filter.sql} GROUP BY ALL ORDER BY date`,
    filter.params,
  );
  return rows.map((r) => ({ date: String(r.date), costUsd: Number(r.cost ?? 0) }));
}

/** The last UTC day with a charge in the warehouse, or undefined when it is empty. */
export async function lastChargeDay(db: Warehouse): Promise<string | undefined> {
  const [row] = await queryRows(db, `SELECT strftime(max(CAST(ChargePeriodStart AS DATE)), '%Y-%m-%d') AS day FROM ${FOCUS_TABLE}`);
  return row?.day ? String(row.day) : undefined;
}
