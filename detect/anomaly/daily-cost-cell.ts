import type { CostDimension } from '../../core/index.js';

/**
 * One day of cost for one combination of dimension keys: the shape the warehouse's daily
 * query returns. Missing keys (untagged, no resource) are the empty string.
 */
export interface DailyCostCell {
  date: string;
  /** cost in `currency` (the field predates currencies; it is not converted to USD) */
  costUsd: number;
  /** ISO 4217 billing currency; absent = USD */
  currency?: string;
  keys: Partial<Record<Exclude<CostDimension, 'total'>, string>>;
}

/** A cell with its day number (days since the epoch) resolved once. */
export type DayIndexedCell = DailyCostCell & { day: number };

/** The series cost anomalies are looked for in (issue #4). */
export const SERIES_DIMENSIONS: readonly CostDimension[] = ['total', 'provider', 'billingAccount', 'subAccount', 'service', 'region', 'team', 'env'];

/** The dimensions an anomaly's root cause is ranked over. */
export const CONTRIBUTOR_DIMENSIONS: readonly CostDimension[] = [
  'service',
  'subAccount',
  'region',
  'usageType',
  'resource',
  'billingAccount',
  'provider',
  'team',
  'env',
];

export const UNSET_KEY = '(none)';

export function keyOf(cell: DailyCostCell, dimension: CostDimension): string {
  if (dimension === 'total') return 'all';
  const key = cell.keys[dimension];
  return key === undefined || key === '' ? UNSET_KEY : key;
}
