import type { TopLevelSpec } from 'vega-lite';
import { AMOUNT_FORMAT, inCurrency } from './chart-format.js';
import type { ModelSpendDay } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

/** The optimizer's own LLM spend per day, stacked by agent, in USD (the model's price list). */
export function modelSpendChart(days: readonly ModelSpendDay[], from: string, to: string): { id: string; spec: TopLevelSpec; text: ChartText } {
  const byAgent = new Map<string, number>();
  for (const d of days) byAgent.set(d.agent, (byAgent.get(d.agent) ?? 0) + d.costUsd);
  const agents = [...byAgent].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = agents.reduce((t, [, c]) => t + c, 0);
  const title = "The optimizer's own model spend per day, USD";
  const altText = agents.length
    ? `Model spend from ${from} to ${to}: ${inCurrency(total, 'USD')} in all; ` + agents.map(([a, c]) => `${a} ${inCurrency(c, 'USD')}`).join(', ') + '.'
    : `No model calls from ${from} to ${to}.`;
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
  return {
    id: 'model-spend',
    text: { title, altText },
    spec: {
      title: { text: title, subtitle: 'Every model call the agents made, priced by the model router; cache hits are free' },
      width: { step: 16 },
      height: 200,
      data: { values: days },
      mark: { type: 'bar', tooltip: false },
      encoding: {
        x: { field: 'date', type: 'ordinal', title: 'Day', scale: { domain: dates }, axis: { labelAngle: -60, labelExpr: 'slice(datum.value, 5)' } },
        y: { aggregate: 'sum', field: 'costUsd', type: 'quantitative', title: 'Model spend (USD)', stack: 'zero', axis: { format: AMOUNT_FORMAT } },
        color: { field: 'agent', type: 'nominal', title: 'Agent', sort: agents.map(([a]) => a), scale: { domain: agents.map(([a]) => a) } },
      },
    },
  };
}
