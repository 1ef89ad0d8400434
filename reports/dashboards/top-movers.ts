import type { TopLevelSpec } from 'vega-lite';
import { AMOUNT_FORMAT, currencyName, currencySlug, inCurrency } from './chart-format.js';
import type { Mover } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

const TOP = 10;

/** Diverging bars: the keys whose cost moved most from last week to this week, up right, down left. */
export function topMoversChart(currency: string | null, movers: readonly Mover[]): { id: string; spec: TopLevelSpec; text: ChartText } {
  const name = currencyName(currency);
  const rows = movers
    .map((m) => ({ label: `${m.dimension}: ${m.key}`, change: m.current - m.previous, direction: m.current >= m.previous ? 'up' : 'down' }))
    .filter((m) => m.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.label.localeCompare(b.label))
    .slice(0, TOP);
  const title = `Top movers this week, ${name}`;
  const altText = rows.length
    ? `Change in weekly cost from last week, ${name}, largest first: ` +
      rows.map((r) => `${r.label} ${r.change >= 0 ? '+' : '−'}${inCurrency(Math.abs(r.change), currency)}`).join('; ') +
      '.'
    : `No cost moved between last week and this week in ${name}.`;
  return {
    id: `top-movers-${currencySlug(currency)}`,
    text: { title, altText },
    spec: {
      title: { text: title, subtitle: `Change in EffectiveCost, this week against last week, in ${name}` },
      width: 420,
      height: { step: 24 },
      data: { values: rows },
      mark: { type: 'bar', tooltip: false },
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label), axis: { grid: false } },
        x: { field: 'change', type: 'quantitative', title: `Change vs last week (${name})`, axis: { format: AMOUNT_FORMAT } },
        color: {
          field: 'direction',
          type: 'nominal',
          title: 'Direction',
          scale: { domain: ['up', 'down'], range: ['#c2410c', '#15803d'] },
        },
      },
    },
  };
}
