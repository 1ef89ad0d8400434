import type { AnomalyContributor, CostDimension } from '../../core/index.js';
import { CONTRIBUTOR_DIMENSIONS, keyOf, UNSET_KEY, type DayIndexedCell } from './daily-cost-cell.js';
import type { AnomalyOptions } from './options.js';
import { SeasonalBaseline } from './seasonal-baseline.js';

const MAX_CONTRIBUTORS = 8;

/**
 * Root cause: within the anomalous slice, every key of every other dimension, ranked by
 * how far its cost on the day is above its own baseline ($ delta).
 */
export function rankContributors(
  slice: readonly DayIndexedCell[],
  sliceDimension: CostDimension,
  index: number,
  firstDay: number,
  days: number,
  options: AnomalyOptions,
): AnomalyContributor[] {
  const contributors: AnomalyContributor[] = [];
  for (const dimension of CONTRIBUTOR_DIMENSIONS) {
    if (dimension === sliceDimension) continue;
    const series = new Map<string, Float64Array>();
    for (const cell of slice) {
      const key = keyOf(cell, dimension);
      let values = series.get(key);
      if (!values) series.set(key, (values = new Float64Array(days)));
      values[cell.day - firstDay] = values[cell.day - firstDay]! + cell.costUsd;
    }
    if (series.size === 1 && series.has(UNSET_KEY)) continue; // the dimension says nothing here
    for (const [key, values] of series) {
      let start = 0;
      while (start < index && values[start]! <= 0) start++;
      const expected = index - start >= 7 ? new SeasonalBaseline(values, firstDay, options).at(index, start).expected : 0;
      const deltaUsd = Math.round((values[index]! - expected) * 100) / 100;
      if (deltaUsd > 0) contributors.push({ dimension, key, deltaUsd });
    }
  }
  return contributors
    .sort((a, b) => b.deltaUsd - a.deltaUsd || a.dimension.localeCompare(b.dimension) || a.key.localeCompare(b.key))
    .slice(0, MAX_CONTRIBUTORS);
}
