import type { WeeklyReportData } from '../report-data.js';
import { anomalyCalendarChart } from './anomaly-calendar.js';
import { budgetBurndownChart } from './budget-burndown.js';
import { costOverWeeksChart } from './cost-over-weeks.js';
import type { DashboardChart, DashboardData, SavingsSteps } from './dashboard-data.js';
import { modelSpendChart } from './model-spend.js';
import { renderChart } from './render-svg.js';
import { savingsCumulativeChart } from './savings-cumulative.js';
import { topMoversChart } from './top-movers.js';

export * from './dashboard-data.js';
export { incidentDays } from './anomaly-calendar.js';
export { costByWeek, DASHBOARD_WEEKS } from './weekly-costs.js';
export { CHART_FONT, renderChart } from './render-svg.js';

/**
 * Every dashboard chart the data allows, rendered to SVG on the server, in reading order: cost
 * over weeks (per currency: team, service, env), top movers, the anomaly calendar, budget
 * burn-downs, savings realized, model spend. The weekly report inlines them; the console shows them.
 */
export async function dashboardCharts(data: DashboardData): Promise<DashboardChart[]> {
  const built = [
    ...(data.costByWeek ?? []).flatMap((series) => (['team', 'service', 'env'] as const).map((d) => costOverWeeksChart(series, d))),
    ...(data.movers ?? []).map((m) => topMoversChart(m.currency, m.rows)),
    ...(data.incidentDays && data.incidentDays.length > 0 ? [anomalyCalendarChart(data.incidentDays)] : []),
    ...(data.budgets ?? []).map(budgetBurndownChart),
    ...(data.savings ?? []).filter((s) => s.steps.length > 0).map((s) => savingsCumulativeChart(s, s.until ?? lastDay(data.window.to))),
    ...(data.modelSpend ? [modelSpendChart(data.modelSpend, modelSpanFrom(data.window.to), data.window.to.slice(0, 10))] : []),
  ];
  const charts: DashboardChart[] = [];
  // One at a time: each View is small, and the order of the output must not depend on timing.
  for (const chart of built)
    charts.push({ id: chart.id, title: chart.text.title, altText: chart.text.altText, svg: await renderChart(chart.id, chart.spec, chart.text) });
  return charts;
}

/** The window's last day: [from, to) ends the day before `to`. */
function lastDay(to: string): string {
  return new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
}

/** The model-spend chart spans the four weeks up to the window's end, like the daily spend trend. */
function modelSpanFrom(to: string): string {
  return new Date(Date.parse(to) - 28 * 86_400_000).toISOString().slice(0, 10);
}

/** What the dashboards draw, taken from a weekly report's data (the console and the report share it). */
export function dashboardData(report: WeeklyReportData): DashboardData {
  return {
    window: { from: report.window.from, to: report.window.to },
    ...(report.costByWeek ? { costByWeek: report.costByWeek } : {}),
    ...(report.spendByCurrency
      ? {
          movers: report.spendByCurrency.map((s) => ({
            currency: s.currency,
            rows: s.byService.map((r) => ({ dimension: 'service' as const, key: r.key, current: r.current, previous: r.previous })),
          })),
        }
      : {}),
    ...(report.incidentDays ? { incidentDays: report.incidentDays } : {}),
    ...(report.budgets ? { budgets: report.budgets } : {}),
    ...(report.realizedFromBill ? { savings: savingsSteps(report) } : {}),
    ...(report.modelSpendByDay ? { modelSpend: report.modelSpendByDay } : {}),
  };
}

const earlier = (a: string, b: string) => (a < b ? a : b);

/** The 30-day ledger's measured changes, per billing currency, in order of application. */
function savingsSteps(report: WeeklyReportData): SavingsSteps[] {
  const ledger = report.realizedFromBill?.find((l) => l.windowDays === 30) ?? report.realizedFromBill?.[0];
  if (!ledger) return [];
  const measured = ledger.changes.filter((c) => c.status === 'measured').sort((a, b) => a.appliedAt.localeCompare(b.appliedAt));
  const currencies = [...new Set(measured.map((c) => c.currency))];
  return currencies.map((currency) => ({
    currency,
    windowDays: ledger.windowDays,
    // Savings accrue only over days the bill has: no further than its last complete day.
    ...(ledger.billCoveredUntil ? { until: earlier(lastDay(`${ledger.billCoveredUntil}T00:00:00.000Z`), lastDay(report.window.to)) } : {}),
    steps: measured
      .filter((c) => c.currency === currency)
      .map((c) => ({
        date: c.appliedAt.slice(0, 10),
        resourceId: c.resourceId,
        realizedMonthly: c.realizedMonthly ?? 0,
        estimatedMonthlyUsd: c.estimatedMonthlySavingsUsd,
      })),
  }));
}
