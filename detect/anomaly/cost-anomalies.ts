import type { CostAnomaly, CostDimension } from '../../core/index.js';
import { dateOfDay, dayNumber } from './calendar.js';
import { rankContributors } from './contributors.js';
import { keyOf, SERIES_DIMENSIONS, type DailyCostCell, type DayIndexedCell } from './daily-cost-cell.js';
import { DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from './options.js';
import { detectSeriesEvents } from './series-detector.js';
import { severityOf } from './severity.js';

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Cost anomalies over every series of every dimension, with ranked contributors, for cells of one
 * currency (a CostAnomaly carries no currency): cells in two are refused, never added together.
 * Pure: the caller reads the cells (warehouse) and passes them in.
 */
export function detectCostAnomalies(
  cells: readonly DailyCostCell[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  dimensions: readonly CostDimension[] = SERIES_DIMENSIONS,
): CostAnomaly[] {
  if (cells.length === 0) return [];
  const currencies = [...new Set(cells.map((c) => c.currency || 'USD'))].sort();
  if (currencies.length > 1)
    throw new Error(
      `cost cells in ${currencies.join(', ')}: a series adds its cells, and amounts in two currencies cannot be added; pass one currency's cells at a time, or use detectIncidents, which detects per currency`,
    );
  const indexed: DayIndexedCell[] = cells.map((c) => ({ ...c, day: dayNumber(c.date) }));
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const c of indexed) {
    firstDay = Math.min(firstDay, c.day);
    lastDay = Math.max(lastDay, c.day);
  }
  const days = lastDay - firstDay + 1;
  const anomalies: CostAnomaly[] = [];
  for (const dimension of dimensions) {
    const slices = new Map<string, DayIndexedCell[]>();
    for (const cell of indexed) {
      const key = keyOf(cell, dimension);
      const slice = slices.get(key);
      if (slice) slice.push(cell);
      else slices.set(key, [cell]);
    }
    for (const [key, slice] of slices) {
      const values = new Float64Array(days);
      for (const cell of slice) values[cell.day - firstDay] = values[cell.day - firstDay]! + cell.costUsd;
      for (const event of detectSeriesEvents(values, firstDay, options)) {
        anomalies.push({
          date: dateOfDay(firstDay + event.index),
          dimension,
          key,
          severity: event.method === 'new-service' ? severityOf(event.actual, 0, options) : severityOf(event.actual, event.expected, options),
          expected: round(event.expected),
          actual: round(event.actual),
          lower: round(event.lower),
          upper: round(event.upper),
          method: event.method,
          contributors: rankContributors(slice, dimension, event.index, firstDay, days, options),
        });
      }
    }
  }
  return anomalies.sort((a, b) => a.date.localeCompare(b.date) || b.actual - b.expected - (a.actual - a.expected));
}
