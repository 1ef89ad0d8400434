import { queryRows, type Warehouse } from '../warehouse/connection.js';
import type { KeyedSpend, ReportWindow, SpendTrend } from './report-data.js';

const TREND_DAYS = 28;

/**
 * Spend from the warehouse's FOCUS rows: EffectiveCost (amortized), by day for the trend
 * line and this week against last week by team, service and env (normalized tag keys).
 */
export async function spendTrend(db: Warehouse, window: ReportWindow): Promise<SpendTrend | undefined> {
  const trendFrom = new Date(Date.parse(window.to) - TREND_DAYS * 86_400_000).toISOString();
  const daily = await queryRows(
    db,
    `SELECT strftime(date_trunc('day', ChargePeriodStart), '%Y-%m-%d') AS date, sum(EffectiveCost)::DOUBLE AS cost
     FROM focus_rows WHERE ChargePeriodStart >= $1::TIMESTAMP AND ChargePeriodStart < $2::TIMESTAMP
     GROUP BY 1 ORDER BY 1`,
    [trendFrom.slice(0, 19), window.to.slice(0, 19)],
  );
  if (daily.length === 0) return undefined;
  const by = (expression: string) => keyedSpend(db, window, expression);
  const byTeam = await by(`json_extract_string(x_tags, '$.team')`);
  const byService = await by('ServiceName');
  const byEnv = await by(`json_extract_string(x_tags, '$.env')`);
  const sum = (rows: KeyedSpend[], pick: (r: KeyedSpend) => number) => rows.reduce((total, r) => total + pick(r), 0);
  return {
    daily: daily.map((r) => ({ date: String(r.date), cost: Number(r.cost) })),
    byTeam,
    byService,
    byEnv,
    currentTotal: sum(byService, (r) => r.current),
    previousTotal: sum(byService, (r) => r.previous),
  };
}

async function keyedSpend(db: Warehouse, window: ReportWindow, keyExpression: string): Promise<KeyedSpend[]> {
  const rows = await queryRows(
    db,
    `SELECT coalesce(nullif(${keyExpression}, ''), '(untagged)') AS key,
            sum(CASE WHEN ChargePeriodStart >= $2::TIMESTAMP THEN EffectiveCost ELSE 0 END)::DOUBLE AS current,
            sum(CASE WHEN ChargePeriodStart < $2::TIMESTAMP THEN EffectiveCost ELSE 0 END)::DOUBLE AS previous
     FROM focus_rows WHERE ChargePeriodStart >= $1::TIMESTAMP AND ChargePeriodStart < $3::TIMESTAMP
     GROUP BY 1 ORDER BY current DESC, key`,
    [window.previousFrom.slice(0, 19), window.from.slice(0, 19), window.to.slice(0, 19)],
  );
  return rows.map((r) => ({ key: String(r.key), current: Number(r.current), previous: Number(r.previous) }));
}
