import type { TopLevelSpec } from 'vega-lite';
import { AMOUNT_FORMAT, inCurrency } from './chart-format.js';
import type { BudgetBurn } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

/** Remaining budget day by day, then the forecast to the period's end (dashed); below zero is over budget. */
export function budgetBurndownChart(burn: BudgetBurn): { id: string; spec: TopLevelSpec; text: ChartText } {
  const points = [...burn.actual.map((p) => ({ ...p, series: 'spent so far' })), ...burn.forecast.map((p) => ({ ...p, series: 'forecast' }))].map((p) => ({
    ...p,
    t: Date.parse(`${p.date}T00:00:00Z`),
  }));
  const end = burn.forecast.at(-1) ?? burn.actual.at(-1);
  const title = `Budget "${burn.name}" burn-down, ${burn.period} ${burn.periodStart} to ${burn.periodEnd}`;
  const endRemaining = end?.remainingUsd ?? burn.budgetUsd;
  const altText =
    `Remaining of the ${inCurrency(burn.budgetUsd, 'USD')} ${burn.period} budget "${burn.name}": ` +
    `${inCurrency(burn.actual.at(-1)?.remainingUsd ?? burn.budgetUsd, 'USD')} left on ${burn.asOf}; ` +
    `at the last seven days' rate the period ends ${endRemaining >= 0 ? `with ${inCurrency(endRemaining, 'USD')} left` : `${inCurrency(-endRemaining, 'USD')} over budget`} on ${burn.periodEnd}.`;
  return {
    id: `budget-burndown-${burn.name.replace(/[^A-Za-z0-9_-]/g, '-')}`,
    text: { title, altText },
    spec: {
      title: { text: title, subtitle: `As of ${burn.asOf}; forecast at the mean of the last seven days; below zero is over budget` },
      width: 480,
      height: 220,
      encoding: {
        x: {
          field: 't',
          type: 'temporal',
          title: 'Day',
          timeUnit: 'utcyearmonthdate',
          scale: { domain: [Date.parse(`${burn.periodStart}T00:00:00Z`), Date.parse(`${burn.periodEnd}T00:00:00Z`)] },
          axis: { format: '%b %d', labelAngle: -40 },
        },
        y: { field: 'remainingUsd', type: 'quantitative', title: 'Budget remaining (USD)', axis: { format: AMOUNT_FORMAT } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['spent so far', 'forecast'], range: ['#2f6fdf', '#e8912d'] } },
      },
      layer: [
        // The forecast dashed, so it reads as a projection even without colour.
        { data: { values: points.filter((p) => p.series === 'spent so far') }, mark: { type: 'line', strokeWidth: 2, tooltip: false } },
        { data: { values: points.filter((p) => p.series === 'forecast') }, mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 4], tooltip: false } },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#b91c1c', strokeWidth: 1 },
          encoding: { y: { field: 'zero', type: 'quantitative' }, x: null as never, color: null as never },
        },
      ],
    },
  };
}
