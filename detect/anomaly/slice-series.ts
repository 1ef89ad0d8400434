import type { AnomalyOptions } from './options.js';
import type { DayIndexedCell } from './daily-cost-cell.js';
import { SeasonalBaseline } from './seasonal-baseline.js';

/** The days a run covers: index 0 is `firstDay`. */
export interface DayRange {
  firstDay: number;
  days: number;
}

/** Dense daily series of the summed cost of `cells`. */
export function seriesOf(cells: readonly DayIndexedCell[], range: DayRange): Float64Array {
  const values = new Float64Array(range.days);
  for (const cell of cells) values[cell.day - range.firstDay] = values[cell.day - range.firstDay]! + cell.costUsd;
  return values;
}

/** Expected and actual on day index t for one series; expected 0 for a key with under a week of history (it is new). */
export function expectedAt(
  values: Float64Array,
  t: number,
  range: DayRange,
  options: AnomalyOptions,
): { expected: number; actual: number; baseline?: SeasonalBaseline; start: number } {
  let start = 0;
  while (start < t && values[start]! <= 0) start++;
  if (t - start < 7) return { expected: 0, actual: values[t]!, start };
  const baseline = new SeasonalBaseline(values, range.firstDay, options);
  return { expected: baseline.at(t, start).expected, actual: values[t]!, baseline, start };
}
