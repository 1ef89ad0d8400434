import { actionMonthlyUsd } from '../action-value.js';
import { fail, pass, type Check } from '../check.js';

/** One run changes at most N resources and $M of monthly spend, so a bad rule cannot sweep the estate. */
export const blastRadius: Check = {
  name: 'blast-radius',
  version: 1,
  appliesTo: () => true,
  run: (ctx) => {
    const { maxActionsPerRun, maxMonthlyUsdChangedPerRun } = ctx.policy.execution;
    const actionUsd = actionMonthlyUsd(ctx);
    const limits = { maxActionsPerRun, maxMonthlyUsdChangedPerRun, actionMonthlyUsd: actionUsd };
    if (!ctx.runState) return pass('run totals not known yet: authorize() enforces the limits at execution', limits);
    const actions = ctx.runState.actionsThisRun + 1;
    const usd = ctx.runState.monthlyUsdChangedThisRun + actionUsd;
    const numbers = { ...limits, actionsWithThis: actions, monthlyUsdWithThis: usd };
    if (actions > maxActionsPerRun) return fail(`blast radius: this would be action ${actions} of the run (limit ${maxActionsPerRun})`, numbers);
    if (usd > maxMonthlyUsdChangedPerRun) return fail(`blast radius: the run would change $${usd}/month (limit $${maxMonthlyUsdChangedPerRun})`, numbers);
    return pass(`action ${actions} of ≤ ${maxActionsPerRun}; $${usd}/month changed of ≤ $${maxMonthlyUsdChangedPerRun}`, numbers);
  },
};
