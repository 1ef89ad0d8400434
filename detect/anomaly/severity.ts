import type { CostAnomaly } from '../../core/index.js';
import type { AnomalyOptions } from './options.js';

/**
 * Severity from the share above expected, raised one step when the $ impact is large
 * (ten times the policy floor): a 15% jump on a $10k/day bill matters more than on $400.
 */
export function severityOf(actual: number, expected: number, options: AnomalyOptions): CostAnomaly['severity'] {
  const delta = actual - expected;
  const pct = expected > 0 ? delta / expected : Number.POSITIVE_INFINITY;
  const levels: CostAnomaly['severity'][] = ['minor', 'major', 'critical'];
  let level = pct >= options.criticalPct ? 2 : pct >= options.majorPct ? 1 : 0;
  if (delta >= 10 * options.minImpactUsd) level = Math.min(2, level + 1);
  return levels[level]!;
}
