import { monthlyFromHourly, roundCents } from '../../core/index.js';
import { catalogEntry, fail, pass, type Check } from '../check.js';

/**
 * Savings are recomputed from the catalog, never taken from the proposal: the claim must
 * match the catalog within a cent per dollar, and the saving must reach the policy minimum.
 */
export const minimumSavings: Check = {
  name: 'minimum-savings',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const { proposal, resource, policy } = ctx;
    if (proposal.action.type !== 'resize') return pass('not a resize', {});
    const current = catalogEntry(ctx, resource.sku);
    const target = catalogEntry(ctx, proposal.action.toSku);
    const minimum = policy.rightsizing.minMonthlySavingsUsd;
    if (!current || !target) return fail('cannot price the change: size missing from the catalog', { minimumUsd: minimum });
    const savings = roundCents(monthlyFromHourly(current.hourlyUsd) - monthlyFromHourly(target.hourlyUsd));
    const claimed = proposal.estimatedMonthlySavingsUsd;
    const numbers = { monthlySavingsUsd: savings, claimedUsd: claimed, minimumUsd: minimum };
    if (Math.abs(claimed - savings) > Math.max(0.01, Math.abs(savings) * 0.01)) {
      return { passed: false, reason: `claimed savings $${claimed}/month do not match the catalog's $${savings}/month`, numbers };
    }
    return savings >= minimum
      ? { passed: true, reason: `saves $${savings}/month ≥ $${minimum} minimum`, numbers }
      : { passed: false, reason: `saves $${savings}/month < $${minimum} minimum`, numbers };
  },
};
