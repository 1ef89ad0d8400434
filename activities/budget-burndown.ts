import { dateOfDay, dayNumber } from '../detect/anomaly/calendar.js';
import { periodOf, projectPeriodEnd, type DailySpend } from '../detect/budgets.js';
import type { Policy } from '../guardrails/index.js';
import type { BudgetBurn } from '../reports/index.js';
import { dailyCostInScope, lastChargeDay, type Warehouse } from '../warehouse/index.js';

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * One budget's remaining amount day by day from its period's start to `asOf`, then the forecast
 * to the period's end at the rate detect/budgets.ts projects (the last seven days' mean), so the
 * chart's end point is the same projection the budget alerts fire on.
 */
export function budgetBurn(budget: Policy['budgets'][number], spend: readonly DailySpend[], asOf: string): BudgetBurn {
  const { start, end } = periodOf(asOf, budget.period);
  const byDay = new Map<number, number>();
  for (const s of spend) byDay.set(dayNumber(s.date), (byDay.get(dayNumber(s.date)) ?? 0) + s.costUsd);
  const actual: BudgetBurn['actual'] = [];
  let spent = 0;
  for (let d = dayNumber(start); d <= dayNumber(asOf); d++) {
    spent += byDay.get(d) ?? 0;
    actual.push({ date: dateOfDay(d), remainingUsd: round(budget.amountUsd - spent) });
  }
  const { spentUsd, projectedUsd } = projectPeriodEnd(spend, asOf, budget.period);
  const remainingDays = dayNumber(end) - dayNumber(asOf);
  const perDay = remainingDays > 0 ? (projectedUsd - spentUsd) / remainingDays : 0;
  const forecast: BudgetBurn['forecast'] = [];
  for (let k = 0; k <= remainingDays; k++)
    forecast.push({ date: dateOfDay(dayNumber(asOf) + k), remainingUsd: round(budget.amountUsd - spentUsd - perDay * k) });
  return {
    name: budget.name,
    period: budget.period,
    periodStart: start,
    periodEnd: end,
    asOf: asOf.slice(0, 10),
    budgetUsd: budget.amountUsd,
    actual,
    forecast,
  };
}

/**
 * Every policy budget's burn-down as of the report's last day, or the bill's last day when it
 * stops earlier (a billing lag is not a drop in spend). A budget whose scope the warehouse refuses
 * (costs in another currency) is not drawn: it is returned in `refused` with the reason, so the
 * report says so rather than leaving it out in silence.
 */
export async function budgetBurns(
  warehouse: Warehouse,
  budgets: Policy['budgets'],
  windowTo: string,
): Promise<{ burns: BudgetBurn[]; refused: { name: string; reason: string }[] }> {
  const lastDay = await lastChargeDay(warehouse);
  if (lastDay === undefined || budgets.length === 0) return { burns: [], refused: [] };
  const windowLast = dateOfDay(dayNumber(windowTo) - (windowTo.slice(11, 19) === '00:00:00' ? 1 : 0));
  const asOf = lastDay < windowLast ? lastDay : windowLast;
  const burns: BudgetBurn[] = [];
  const refused: { name: string; reason: string }[] = [];
  for (const budget of budgets) {
    const spend = await dailyCostInScope(warehouse, budget.scope).catch((error: unknown) => {
      refused.push({ name: budget.name, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    });
    if (spend) burns.push(budgetBurn(budget, spend, asOf));
  }
  return { burns, refused };
}
