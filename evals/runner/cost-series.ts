import { seededRandom } from '../../core/index.js';
import type { DailyCostCell } from '../../detect/anomaly/index.js';
import type { ChangeEvent, ChangeHistorySource } from '../../tools/change-history.js';
import type { CostBreakdownRequest, CostBreakdownRow, ReadOnlyCostQuery } from '../../tools/cost-query.js';
import type { CostSeries } from './scenario.js';

const DAY_MS = 86_400_000;

/** A scenario's cost lines expanded into one FOCUS-shaped cell per line and day. */
export function cellsOf(series: CostSeries): DailyCostCell[] {
  const start = Date.parse(`${series.start}T00:00:00Z`);
  const cells: DailyCostCell[] = [];
  for (const line of series.lines) {
    const random = seededRandom(line.seed);
    for (let d = 0; d < series.days; d++) {
      const noise = (random() * 2 - 1) * (line.noisePct / 100);
      if (line.startsOnDay !== undefined && d < line.startsOnDay) continue;
      const step = line.stepOnDay !== undefined && d >= line.stepOnDay ? line.factor : 1;
      const costUsd = Math.round(line.dailyUsd * step * (1 + noise) * 100) / 100;
      cells.push({ date: dateOf(start + d * DAY_MS), costUsd, keys: { ...line.keys, provider: 'aws', billingAccount: '123456789012' } });
    }
  }
  return cells;
}

/** The agents' one warehouse read, answered from the scenario's cells (ServiceName groups only). */
export function costQueryOver(cells: readonly DailyCostCell[]): ReadOnlyCostQuery {
  return async (request: CostBreakdownRequest): Promise<CostBreakdownRow[]> => {
    const from = request.from.slice(0, 10);
    const to = request.to.slice(0, 10);
    const totals = new Map<string, number>();
    for (const cell of cells) {
      if (cell.date < from || cell.date >= to) continue;
      const service = cell.keys.service ?? '';
      totals.set(service, (totals.get(service) ?? 0) + cell.costUsd);
    }
    return [...totals]
      .map(([service, usd]) => ({ group: { ServiceName: service }, billedCostUsd: Math.round(usd * 100) / 100, consumedQuantity: 0 }))
      .sort((a, b) => b.billedCostUsd - a.billedCostUsd)
      .slice(0, request.limit);
  };
}

/** Deploys and config changes the scenario declares, as the change-history tool reports them. */
export function changeHistoryOf(series: CostSeries): ChangeHistorySource {
  const start = Date.parse(`${series.start}T00:00:00Z`);
  const events: ChangeEvent[] = series.changes.map((c) => ({
    at: new Date(start + c.day * DAY_MS + 3_600_000).toISOString(),
    resourceId: c.resourceId,
    kind: c.kind,
    description: c.description,
  }));
  return {
    async changes(resourceId, window) {
      return events.filter((e) => e.resourceId === resourceId && e.at >= window.from && e.at <= window.to);
    },
  };
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
