import type { TopLevelSpec } from 'vega-lite';
import { AMOUNT_FORMAT, currencyName, currencySlug, inCurrency } from './chart-format.js';
import type { SavingsSteps } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

/**
 * Monthly savings in place after each measured change, cumulative: realized from the bill against
 * the proposals' estimates. Estimates are USD list prices, so they share the axis only when the bill
 * is in USD; in any other currency the chart shows the realized line alone and says why.
 */
export function savingsCumulativeChart(savings: SavingsSteps): { id: string; spec: TopLevelSpec; text: ChartText } {
  const name = currencyName(savings.currency);
  const withEstimate = savings.currency === 'USD';
  let realized = 0;
  let estimated = 0;
  const points: { t: number; date: string; series: string; monthly: number }[] = [];
  for (const s of savings.steps) {
    realized += s.realizedMonthly;
    estimated += s.estimatedMonthlyUsd;
    const t = Date.parse(`${s.date}T00:00:00Z`);
    points.push({ t, date: s.date, series: 'realized (from the bill)', monthly: realized });
    if (withEstimate) points.push({ t, date: s.date, series: 'estimated', monthly: estimated });
  }
  const title = `Savings realized, cumulative, ${name}`;
  const altText =
    `Monthly savings in place after each of ${savings.steps.length} change(s) measured over ${savings.windowDays} days before and after: ` +
    `${inCurrency(realized, savings.currency)} a month realized` +
    (withEstimate
      ? ` against ${inCurrency(estimated, 'USD')} estimated.`
      : `; their estimates (${inCurrency(estimated, 'USD')}) are USD list prices and are not drawn on a ${name} axis.`);
  return {
    id: `savings-cumulative-${currencySlug(savings.currency)}`,
    text: { title, altText },
    spec: {
      title: {
        text: title,
        subtitle: withEstimate
          ? `Measured at ${savings.windowDays} days from the bill's EffectiveCost, against the proposals' estimates`
          : `Measured at ${savings.windowDays} days from the bill; estimates are USD list prices, not drawn on a ${name} axis`,
      },
      width: 480,
      height: 220,
      data: { values: points },
      mark: { type: 'line', interpolate: 'step-after', point: true, strokeWidth: 2, tooltip: false },
      encoding: {
        x: { field: 't', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Change applied', axis: { format: '%b %d', labelAngle: -40 } },
        y: { field: 'monthly', type: 'quantitative', title: `Savings per month (${name})`, axis: { format: AMOUNT_FORMAT } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: ['realized (from the bill)', 'estimated'], range: ['#15803d', '#9aa3af'] },
        },
      },
    },
  };
}
