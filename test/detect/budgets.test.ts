import { describe, expect, it } from 'vitest';
import { dateOfDay, dayNumber } from '../../detect/anomaly/index.js';
import { budgetAlertsOverDays, periodOf, projectPeriodEnd, type Budget } from '../../detect/budgets.js';
import { PolicySchema } from '../../guardrails/policy.js';

const days = (from: string, n: number, cost: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({ date: dateOfDay(dayNumber(from) + i), costUsd: cost(i) }));

describe('budgets', () => {
  it('parses from the policy with the default thresholds', () => {
    const policy = PolicySchema.parse({ budgets: [{ name: 'web', amountUsd: 30000, scope: { dimension: 'team', key: 'web' } }] });
    expect(policy.budgets[0]).toMatchObject({ period: 'monthly', alertAtPct: [50, 75, 90, 100] });
    expect(PolicySchema.parse({}).budgets).toEqual([]);
  });

  it('finds month and quarter bounds', () => {
    expect(periodOf('2025-02-14', 'monthly')).toEqual({ start: '2025-02-01', end: '2025-02-28' });
    expect(periodOf('2025-05-14', 'quarterly')).toEqual({ start: '2025-04-01', end: '2025-06-30' });
  });

  it('projects month end from spend to date plus a week-long run rate', () => {
    const spend = days('2025-03-01', 10, () => 100);
    expect(projectPeriodEnd(spend, '2025-03-10', 'monthly')).toEqual({ spentUsd: 1000, projectedUsd: 3100 });
  });

  it('alerts each threshold once per period as spend climbs, and again next period', () => {
    const budget: Budget = { name: 'web', period: 'monthly', amountUsd: 2500, scope: { dimension: 'team', key: 'web' }, alertAtPct: [50, 75, 90, 100] };
    // $60/day projects to 74% of $2,500 in March; from the 15th to the 24th it runs at $130/day and ends at 102%.
    const spend = days('2025-03-01', 61, (i) => (i >= 14 && i < 24 ? 130 : 60));
    const alerts = budgetAlertsOverDays(budget, spend, '2025-03-01', '2025-04-30');
    const march = alerts.filter((a) => a.periodStart === '2025-03-01');
    expect(march.map((a) => a.thresholdPct)).toEqual([50, 75, 90, 100]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    const april = alerts.filter((a) => a.periodStart === '2025-04-01');
    expect(april.map((a) => a.thresholdPct)).toEqual([50]);
    const hundred = march.find((a) => a.thresholdPct === 100)!;
    expect(hundred.projectedUsd).toBeGreaterThanOrEqual(2500);
    expect(hundred.asOf > '2025-03-15').toBe(true);
  });
});
