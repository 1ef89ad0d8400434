import type { TopLevelSpec } from 'vega-lite';
import { HOURS_PER_MONTH } from '../../core/index.js';
import { AMOUNT_FORMAT, currencyName, currencySlug, inCurrency } from './chart-format.js';
import type { SavingsSteps } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

const DAY_MS = 86_400_000;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const dayNumber = (day: string) => Math.round(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/**
 * Money saved to date, cumulative: each measured change adds its realized daily saving (from the
 * bill) for every full day after it, up to `until`; the estimate line adds the proposal's estimate
 * the same way. Estimates are USD list prices, so they share the axis only when the bill is in USD;
 * in any other currency the chart shows the realized line alone and says why.
 */
export function savingsCumulativeChart(savings: SavingsSteps, until: string): { id: string; spec: TopLevelSpec; text: ChartText } {
  const name = currencyName(savings.currency);
  const withEstimate = savings.currency === 'USD';
  const first = Math.min(...savings.steps.map((s) => dayNumber(s.date)));
  const last = Math.max(first + 1, dayNumber(until));
  const points: { t: number; series: string; saved: number }[] = [];
  let realized = 0;
  let estimated = 0;
  for (let d = first; d <= last; d++) {
    realized = savings.steps.reduce((sum, s) => sum + (s.realizedMonthly / DAYS_PER_MONTH) * Math.max(0, d - dayNumber(s.date)), 0);
    estimated = savings.steps.reduce((sum, s) => sum + (s.estimatedMonthlyUsd / DAYS_PER_MONTH) * Math.max(0, d - dayNumber(s.date)), 0);
    points.push({ t: d * DAY_MS, series: 'realized (from the bill)', saved: realized });
    if (withEstimate) points.push({ t: d * DAY_MS, series: 'estimated', saved: estimated });
  }
  const end = new Date(last * DAY_MS).toISOString().slice(0, 10);
  const title = `Savings realized to date, cumulative, ${name}`;
  const altText =
    `Money saved by ${savings.steps.length} change(s) measured from the bill (${savings.windowDays} days before against ${savings.windowDays} after), ` +
    `each at its measured daily rate from the day after it was applied: ${inCurrency(realized, savings.currency)} saved by ${end}` +
    (withEstimate
      ? ` against ${inCurrency(estimated, 'USD')} estimated.`
      : `; their estimates (${inCurrency(estimated, 'USD')} to date) are USD list prices and are not drawn on a ${name} axis.`);
  return {
    id: `savings-cumulative-${currencySlug(savings.currency)}`,
    text: { title, altText },
    spec: {
      title: {
        text: title,
        subtitle: withEstimate
          ? `Each change's realized daily saving (measured at ${savings.windowDays} days from the bill's EffectiveCost) against its estimate`
          : `Each change's realized daily saving, measured at ${savings.windowDays} days from the bill; USD estimates are not drawn on a ${name} axis`,
      },
      width: 480,
      height: 220,
      data: { values: points },
      mark: { type: 'line', strokeWidth: 2, tooltip: false },
      encoding: {
        x: { field: 't', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Day', axis: { format: '%b %d', labelAngle: -40 } },
        y: { field: 'saved', type: 'quantitative', title: `Saved to date (${name})`, axis: { format: AMOUNT_FORMAT } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: withEstimate
            ? { domain: ['realized (from the bill)', 'estimated'], range: ['#15803d', '#9aa3af'] }
            : { domain: ['realized (from the bill)'], range: ['#15803d'] },
        },
      },
    },
  };
}
