import { ROOT_CAUSE_DIMENSIONS, type RootCause, type RootCauseCandidate, type RootCauseDimension } from '../../core/index.js';
import { UNSET_KEY, type DayIndexedCell } from './daily-cost-cell.js';
import type { AnomalyOptions } from './options.js';
import { expectedAt, seriesOf, type DayRange } from './slice-series.js';

export interface RootCauseResult {
  /** the most specific conjunction of keys that still explains rootCauseMinShare of the rise */
  rootCause: RootCause;
  /** the best key of each dimension, with its share of the starting slice's rise, ranked */
  candidates: RootCauseCandidate[];
}

const round = (x: number) => Math.round(x * 100) / 100;
const SPECIFICITY = new Map<RootCauseDimension, number>(ROOT_CAUSE_DIMENSIONS.map((d, i) => [d, ROOT_CAUSE_DIMENSIONS.length - i]));

/** Days of history a baseline on day t reads (eight weeks of weekday factors, last month's same day and its neighbours). */
const HISTORY_DAYS = 7 * 8 + 40;

/**
 * Greedy drill-down from a slice that rose by `rise` on day index t: add the (dimension = key)
 * whose own rise is largest while it still explains rootCauseMinShare of `rise`, until nothing
 * does. A dimension with a single key inside the slice joins for free. So a 25 % spike on one
 * resource ends at that resource with its service, account, region, usage type and tags; a
 * rise spread over a whole account stops at the account.
 */
export function drillDown(
  sliceCells: readonly DayIndexedCell[],
  slice: RootCause,
  t: number,
  own: { expected: number; actual: number; upper: number },
  range: DayRange,
  options: AnomalyOptions,
): RootCauseResult {
  const rise = own.actual - own.expected;
  const day = range.firstDay + t;
  let cells = sliceCells.filter((c) => c.day <= day && c.day > day - HISTORY_DAYS);
  const rootCause: RootCause = { ...slice };
  const best = new Map<RootCauseDimension, RootCauseCandidate>();
  for (const [dimension, key] of Object.entries(slice) as [RootCauseDimension, string][])
    best.set(dimension, { dimension, key, expected: round(own.expected), actual: round(own.actual), impact: round(rise), share: 1 });
  // What is left once the key's rise is taken out must look normal: within 2σ of the slice's expectation.
  const twoSigmas = ((own.upper - own.expected) * 2) / options.bandSigmas;
  const need = Math.max(options.minImpactUsd / 2, Math.min(options.rootCauseMinShare * rise, rise - twoSigmas));
  for (;;) {
    addSingleKeyedDimensions(cells, rootCause);
    let chosen: RootCauseCandidate | undefined;
    for (const dimension of ROOT_CAUSE_DIMENSIONS) {
      if (rootCause[dimension] !== undefined) continue;
      for (const [key, keyCells] of groupBy(cells, dimension)) {
        if (key === UNSET_KEY) continue;
        if (!keyCells.some((c) => c.day === day)) continue;
        const values = seriesOf(keyCells, range);
        if (values[t]! < need) continue; // a key cannot explain more than it cost that day
        const { expected, actual } = expectedAt(values, t, range, options);
        const candidate = {
          dimension,
          key,
          expected: round(expected),
          actual: round(actual),
          impact: round(actual - expected),
          share: rise > 0 ? round((actual - expected) / rise) : 0,
        };
        const previous = best.get(dimension);
        if (!previous || candidate.impact > previous.impact) best.set(dimension, candidate);
        if (candidate.impact >= need && (!chosen || candidate.impact > chosen.impact)) chosen = candidate;
      }
    }
    if (!chosen) break;
    rootCause[chosen.dimension] = chosen.key;
    const picked = chosen;
    cells = cells.filter((c) => (c.keys[picked.dimension] ?? '') === picked.key);
  }
  return { rootCause, candidates: rank([...best.values()], rootCause) };
}

/** Keys that explain the rise (and are in the root cause) first, most specific first; then the others by share. */
function rank(candidates: RootCauseCandidate[], rootCause: RootCause): RootCauseCandidate[] {
  const inRoot = (c: RootCauseCandidate) => rootCause[c.dimension] === c.key;
  return candidates
    .filter((c) => c.impact > 0)
    .sort(
      (a, b) =>
        Number(inRoot(b)) - Number(inRoot(a)) ||
        (inRoot(a) ? SPECIFICITY.get(b.dimension)! - SPECIFICITY.get(a.dimension)! : 0) ||
        b.share - a.share ||
        a.dimension.localeCompare(b.dimension),
    );
}

export function addSingleKeyedDimensions(cells: readonly DayIndexedCell[], rootCause: RootCause): void {
  if (cells.length === 0) return;
  for (const dimension of ROOT_CAUSE_DIMENSIONS) {
    if (rootCause[dimension] !== undefined) continue;
    const key = cells[0]!.keys[dimension] ?? '';
    if (key === '' || key === UNSET_KEY) continue;
    if (cells.every((c) => c.keys[dimension] === key)) rootCause[dimension] = key;
  }
}

function groupBy(cells: readonly DayIndexedCell[], dimension: RootCauseDimension): Map<string, DayIndexedCell[]> {
  const groups = new Map<string, DayIndexedCell[]>();
  for (const cell of cells) {
    const raw = cell.keys[dimension];
    const key = raw === undefined || raw === '' ? UNSET_KEY : raw;
    const group = groups.get(key);
    if (group) group.push(cell);
    else groups.set(key, [cell]);
  }
  return groups;
}

/** True when no dimension names different keys: the two can describe the same spend. */
export function compatible(a: RootCause, b: RootCause): boolean {
  for (const d of ROOT_CAUSE_DIMENSIONS) if (a[d] !== undefined && b[d] !== undefined && a[d] !== b[d]) return false;
  return true;
}

/** True when `inner` names every key `outer` names (and maybe more): inner is a part of outer. */
export function within(inner: RootCause, outer: RootCause): boolean {
  for (const d of ROOT_CAUSE_DIMENSIONS) if (outer[d] !== undefined && inner[d] !== outer[d]) return false;
  return true;
}

export function cellMatches(cell: DayIndexedCell, rootCause: RootCause): boolean {
  for (const d of ROOT_CAUSE_DIMENSIONS) if (rootCause[d] !== undefined && (cell.keys[d] ?? '') !== rootCause[d]) return false;
  return true;
}
