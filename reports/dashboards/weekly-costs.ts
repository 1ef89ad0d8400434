import { queryRows, type Warehouse } from '../../warehouse/connection.js';
import { ADDS_TO_A_TOTAL } from '../../warehouse/currency-sql.js';
import type { CostDimension, CurrencyWeeks, WeekCost } from './dashboard-data.js';

const DAY_MS = 86_400_000;
/** How many weeks the cost-over-weeks charts span. */
export const DASHBOARD_WEEKS = 8;
/** Keys beyond these, by cost over the span, are drawn as one "other" band. */
const MAX_KEYS = 8;
const OTHER = '(other)';

const EXPRESSIONS: Record<CostDimension, string> = {
  team: `json_extract_string(x_tags, '$.team')`,
  service: 'ServiceName',
  env: `json_extract_string(x_tags, '$.env')`,
};

/**
 * EffectiveCost per week and key of team, service and env, one series per BillingCurrency, for the
 * `weeks` weeks that end where the window ends (so the last bar is the report's own week).
 */
export async function costByWeek(db: Warehouse, to: string, weeks = DASHBOARD_WEEKS): Promise<CurrencyWeeks[]> {
  const end = Date.parse(to);
  const start = end - weeks * 7 * DAY_MS;
  const weekStarts = Array.from({ length: weeks }, (_, i) => new Date(start + i * 7 * DAY_MS).toISOString().slice(0, 10));
  const byDimension = {} as Record<CostDimension, { currency: string | null; week: string; key: string; cost: number }[]>;
  for (const dimension of ['team', 'service', 'env'] as const) {
    const rows = await queryRows(
      db,
      `SELECT BillingCurrency AS currency, coalesce(nullif(${EXPRESSIONS[dimension]}, ''), '(untagged)') AS key,
              CAST(floor(date_diff('second', $1::TIMESTAMP, ChargePeriodStart) / 604800) AS INTEGER) AS w,
              sum(EffectiveCost)::DOUBLE AS cost
       FROM focus_rows WHERE ChargePeriodStart >= $1::TIMESTAMP AND ChargePeriodStart < $2::TIMESTAMP AND ${ADDS_TO_A_TOTAL}
       GROUP BY ALL ORDER BY currency NULLS LAST, w, key`,
      [new Date(start).toISOString().slice(0, 19), new Date(end).toISOString().slice(0, 19)],
    );
    byDimension[dimension] = rows.map((r) => ({
      currency: (r.currency as string | null) ?? null,
      week: weekStarts[Number(r.w)]!,
      key: String(r.key),
      cost: Number(r.cost),
    }));
  }
  const currencies = [...new Set(Object.values(byDimension).flatMap((rows) => rows.map((r) => r.currency)))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  );
  return currencies.map((currency) => ({
    currency,
    weeks: weekStarts,
    byDimension: Object.fromEntries(
      (['team', 'service', 'env'] as const).map((d) => [d, topKeys(byDimension[d].filter((r) => r.currency === currency).map(({ currency: _, ...r }) => r))]),
    ) as Record<CostDimension, WeekCost[]>,
  }));
}

/** The largest keys over the span as they are, the rest summed per week into "(other)". */
function topKeys(rows: WeekCost[]): WeekCost[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.cost);
  if (totals.size <= MAX_KEYS) return rows;
  const keep = new Set(
    [...totals]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_KEYS - 1)
      .map(([k]) => k),
  );
  const other = new Map<string, number>();
  for (const r of rows) if (!keep.has(r.key)) other.set(r.week, (other.get(r.week) ?? 0) + r.cost);
  return [...rows.filter((r) => keep.has(r.key)), ...[...other].map(([week, cost]) => ({ week, key: OTHER, cost }))];
}
