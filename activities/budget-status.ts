import { budgetAlertsOverDays, periodOf, projectPeriodEnd, type Budget, type BudgetAlert } from '../detect/budgets.js';
import type { Policy } from '../guardrails/index.js';
import { dailyCostInScope, lastChargeDay, type Warehouse } from '../warehouse/index.js';

export interface BudgetStatus {
  name: string;
  period: Budget['period'];
  scope: Budget['scope'];
  periodStart: string;
  periodEnd: string;
  asOf: string;
  budgetUsd: number;
  spentUsd: number;
  projectedUsd: number;
  projectedPct: number;
  /** Every threshold reached this period up to asOf, each once, dated by the day a daily run would have sent it. */
  alerts: BudgetAlert[];
}

/** A budget that cannot be evaluated (its scope has costs in another currency, or is malformed): reported, never skipped in silence. */
export interface RefusedBudget {
  name: string;
  reason: string;
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Each budget against the warehouse's daily spend: period-end projection as of `asOf` (default:
 * the last day with charges, so a billing lag does not read as a drop in spend), and the burn-rate
 * alerts a daily run from the period's start to `asOf` would have sent. Shared by
 * `tollgate detect budgets` and the daily run, so both report the same alerts.
 */
export async function budgetStatuses(
  warehouse: Warehouse,
  budgets: Policy['budgets'],
  asOf?: string,
): Promise<{ asOf: string | undefined; budgets: BudgetStatus[]; refused: RefusedBudget[] }> {
  const day = asOf ?? (await lastChargeDay(warehouse));
  if (day === undefined) return { asOf: undefined, budgets: [], refused: [] };
  const out: BudgetStatus[] = [];
  const refused: RefusedBudget[] = [];
  for (const budget of budgets) {
    // One budget scoped over a EUR account must not silence the others' alerts: it is refused by name.
    const spend = await dailyCostInScope(warehouse, budget.scope).catch((error: unknown) => {
      refused.push({ name: budget.name, reason: `budget "${budget.name}": ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    });
    if (!spend) continue;
    const { start, end } = periodOf(day, budget.period);
    const { spentUsd, projectedUsd } = projectPeriodEnd(spend, day, budget.period);
    out.push({
      name: budget.name,
      period: budget.period,
      scope: budget.scope,
      periodStart: start,
      periodEnd: end,
      asOf: day,
      budgetUsd: budget.amountUsd,
      spentUsd: round(spentUsd, 2),
      projectedUsd: round(projectedUsd, 2),
      projectedPct: round((100 * projectedUsd) / budget.amountUsd, 1),
      alerts: budgetAlertsOverDays(budget, spend, start, day),
    });
  }
  return { asOf: day, budgets: out, refused };
}
