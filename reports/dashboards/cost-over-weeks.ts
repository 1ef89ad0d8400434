import type { TopLevelSpec } from 'vega-lite';
import { AMOUNT_FORMAT, currencyName, currencySlug, inCurrency } from './chart-format.js';
import type { CostDimension, CurrencyWeeks } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

const NOUN: Record<CostDimension, string> = { team: 'team', service: 'service', env: 'environment' };

/** Stacked weekly bars of one dimension's keys in one currency: where the money went, week by week. */
export function costOverWeeksChart(series: CurrencyWeeks, dimension: CostDimension): { id: string; spec: TopLevelSpec; text: ChartText } {
  const currency = currencyName(series.currency);
  const rows = series.byDimension[dimension];
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.cost);
  const keys = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const weekTotals = series.weeks.map((w) => rows.filter((r) => r.week === w).reduce((t, r) => t + r.cost, 0));
  const title = `Cost by ${NOUN[dimension]} per week, ${currency}`;
  const last = series.weeks.length - 1;
  const altText =
    `Stacked bars of EffectiveCost in ${currency} by ${NOUN[dimension]} for the ${series.weeks.length} weeks starting ${series.weeks[0] ?? '—'}. ` +
    `${keys.length} ${NOUN[dimension]} value(s): ${keys.join(', ') || 'none'}. ` +
    (last >= 0 ? `Latest week (from ${series.weeks[last]}) ${inCurrency(weekTotals[last] ?? 0, series.currency)}; ` : '') +
    `largest over the span: ${keys[0] ?? 'none'}.`;
  return {
    id: `cost-by-${dimension}-${currencySlug(series.currency)}`,
    text: { title, altText },
    spec: {
      title: { text: title, subtitle: `EffectiveCost (amortized) in ${currency}; weeks end where the report's window ends` },
      width: Math.max(360, series.weeks.length * 56),
      height: 240,
      data: { values: rows },
      mark: { type: 'bar', tooltip: false },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: 'Week starting', scale: { domain: series.weeks }, axis: { labelAngle: -40 } },
        y: { aggregate: 'sum', field: 'cost', type: 'quantitative', title: `Cost (${currency})`, stack: 'zero', axis: { format: AMOUNT_FORMAT } },
        color: { field: 'key', type: 'nominal', title: NOUN[dimension], scale: { domain: keys }, sort: keys },
        order: { field: 'key', sort: 'ascending' },
      },
    },
  };
}
