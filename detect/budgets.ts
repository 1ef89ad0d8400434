import { dateOfDay, dayNumber } from './anomaly/calendar.js';

/** A budget as the policy states it (guardrails PolicySchema.budgets; repeated here so detect/ imports only core). */
export interface Budget {
  name: string;
  period: 'monthly' | 'quarterly';
  amountUsd: number;
  scope: { dimension: string; key: string; tagKey?: string };
  alertAtPct: number[];
}

export interface DailySpend {
  date: string;
  costUsd: number;
}

export interface BudgetAlert {
  /** Stable id: budget, period start and threshold; the caller keeps the ids it sent so each fires once per period. */
  id: string;
  budget: string;
  periodStart: string;
  periodEnd: string;
  asOf: string;
  thresholdPct: number;
  spentUsd: number;
  projectedUsd: number;
  projectedPct: number;
  budgetUsd: number;
}

/** First and last day of the month or quarter containing `date`. */
export function periodOf(date: string, period: Budget['period']): { start: string; end: string } {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  const months = period === 'monthly' ? 1 : 3;
  const firstMonth = period === 'monthly' ? d.getUTCMonth() : Math.floor(d.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(d.getUTCFullYear(), firstMonth, 1));
  const end = new Date(Date.UTC(d.getUTCFullYear(), firstMonth + months, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/**
 * Period-end projection: spend to date plus the remaining days at the mean of the last seven
 * days (a whole week, so weekend dips neither inflate nor deflate the run rate).
 */
export function projectPeriodEnd(spend: readonly DailySpend[], asOf: string, period: Budget['period']): { spentUsd: number; projectedUsd: number } {
  const { start, end } = periodOf(asOf, period);
  const asOfDay = dayNumber(asOf);
  const byDay = new Map<number, number>();
  for (const s of spend) byDay.set(dayNumber(s.date), (byDay.get(dayNumber(s.date)) ?? 0) + s.costUsd);
  let spentUsd = 0;
  for (let d = dayNumber(start); d <= asOfDay; d++) spentUsd += byDay.get(d) ?? 0;
  let recent = 0;
  for (let d = asOfDay - 6; d <= asOfDay; d++) recent += byDay.get(d) ?? 0;
  const remainingDays = dayNumber(end) - asOfDay;
  return { spentUsd, projectedUsd: spentUsd + (recent / 7) * remainingDays };
}

/** Burn-rate alerts for `asOf`: every threshold the projection has reached and that was not sent before this period. */
export function budgetAlerts(budget: Budget, spend: readonly DailySpend[], asOf: string, alreadySent: ReadonlySet<string>): BudgetAlert[] {
  const { start, end } = periodOf(asOf, budget.period);
  const { spentUsd, projectedUsd } = projectPeriodEnd(spend, asOf, budget.period);
  const projectedPct = (100 * projectedUsd) / budget.amountUsd;
  return [...budget.alertAtPct]
    .sort((a, b) => a - b)
    .filter((pct) => projectedPct >= pct)
    .map((pct) => ({
      id: `budget:${budget.name}:${start}:${pct}`,
      budget: budget.name,
      periodStart: start,
      periodEnd: end,
      asOf: asOf.slice(0, 10),
      thresholdPct: pct,
      spentUsd: Math.round(spentUsd * 100) / 100,
      projectedUsd: Math.round(projectedUsd * 100) / 100,
      projectedPct: Math.round(projectedPct * 10) / 10,
      budgetUsd: budget.amountUsd,
    }))
    .filter((alert) => !alreadySent.has(alert.id));
}

/** Replays the days from `from` to `to` as a daily run would, each alert once per period. */
export function budgetAlertsOverDays(budget: Budget, spend: readonly DailySpend[], from: string, to: string): BudgetAlert[] {
  const sent = new Set<string>();
  const out: BudgetAlert[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    for (const alert of budgetAlerts(budget, spend, dateOfDay(d), sent)) {
      sent.add(alert.id);
      out.push(alert);
    }
  }
  return out;
}
