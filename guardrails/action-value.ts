import { monthlyFromHourly, roundCents } from '../core/index.js';
import { catalogEntry, type CheckContext } from './check.js';

/**
 * The monthly $ an action changes, for the blast-radius limit: the catalog price difference
 * of a resize when both sizes are known, else the size of the proposal's savings claim.
 */
export function actionMonthlyUsd(ctx: CheckContext): number {
  const action = ctx.proposal.action;
  if (action.type === 'resize') {
    const current = catalogEntry(ctx, ctx.resource.sku);
    const target = catalogEntry(ctx, action.toSku);
    if (current && target) return Math.abs(roundCents(monthlyFromHourly(current.hourlyUsd) - monthlyFromHourly(target.hourlyUsd)));
  }
  return Math.abs(ctx.proposal.estimatedMonthlySavingsUsd);
}
