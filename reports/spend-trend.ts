import { queryRows, type Warehouse } from '../warehouse/connection.js';
import { ADDS_TO_A_TOTAL } from '../warehouse/currency-sql.js';
import type { KeyedSpend, ReportWindow, SpendTrend } from './report-data.js';

const TREND_DAYS = 28;

/**
 * Spend from the warehouse's FOCUS rows, one trend per BillingCurrency (amounts in two currencies
 * are never added): EffectiveCost (amortized) by day for the trend line, and this week against
 * last week by team, service and env (normalized tag keys). Currencies in code order.
 */
export async function spendTrends(db: Warehouse, window: ReportWindow): Promise<SpendTrend[]> {
  const trendFrom = new Date(Date.parse(window.to) - TREND_DAYS * 86_400_000).toISOString();
  const daily = await queryRows(
    db,
    `SELECT BillingCurrency AS currency, strftime(date_trunc('day', ChargePeriodStart), '%Y-%m-%d') AS date, sum(EffectiveCost)::DOUBLE AS cost
     FROM focus_rows WHERE ChargePeriodStart >= $1::TIMESTAMP AND ChargePeriodStart < $2::TIMESTAMP AND ${ADDS_TO_A_TOTAL}
     GROUP BY ALL ORDER BY currency NULLS LAST, date`,
    [trendFrom.slice(0, 19), window.to.slice(0, 19)],
  );
  const currencies = [...new Set(daily.map((r) => (r.currency as string | null) ?? null))];
  const by = (expression: string) => keyedSpend(db, window, expression);
  const [byTeam, byService, byEnv] = [
    await by(`json_extract_string(x_tags, '$.team')`),
    await by('ServiceName'),
    await by(`json_extract_string(x_tags, '$.env')`),
  ];
  const sum = (rows: KeyedSpend[], pick: (r: KeyedSpend) => number) => rows.reduce((total, r) => total + pick(r), 0);
  return currencies.map((currency) => {
    const mine = (rows: CurrencyKeyedSpend[]) => rows.filter((r) => r.currency === currency).map(({ currency: _, ...r }) => r);
    const services = mine(byService);
    return {
      currency,
      daily: daily.filter((r) => ((r.currency as string | null) ?? null) === currency).map((r) => ({ date: String(r.date), cost: Number(r.cost) })),
      byTeam: mine(byTeam),
      byService: services,
      byEnv: mine(byEnv),
      currentTotal: sum(services, (r) => r.current),
      previousTotal: sum(services, (r) => r.previous),
    };
  });
}

type CurrencyKeyedSpend = KeyedSpend & { currency: string | null };

async function keyedSpend(db: Warehouse, window: ReportWindow, keyExpression: string): Promise<CurrencyKeyedSpend[]> {
  const rows = await queryRows(
    db,
    `SELECT BillingCurrency AS currency, coalesce(nullif(${keyExpression}, ''), '(untagged)') AS key,
            sum(CASE WHEN ChargePeriodStart >= $2::TIMESTAMP THEN EffectiveCost ELSE 0 END)::DOUBLE AS current,
            sum(CASE WHEN ChargePeriodStart < $2::TIMESTAMP THEN EffectiveCost ELSE 0 END)::DOUBLE AS previous
     FROM focus_rows WHERE ChargePeriodStart >= $1::TIMESTAMP AND ChargePeriodStart < $3::TIMESTAMP AND ${ADDS_TO_A_TOTAL}
     GROUP BY ALL ORDER BY current DESC, key`,
    [window.previousFrom.slice(0, 19), window.from.slice(0, 19), window.to.slice(0, 19)],
  );
  return rows.map((r) => ({ currency: (r.currency as string | null) ?? null, key: String(r.key), current: Number(r.current), previous: Number(r.previous) }));
}
