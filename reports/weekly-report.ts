import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from '../audit/store.js';
import type { DecisionRecord, Incident } from '../core/index.js';
import type { Warehouse } from '../warehouse/connection.js';
import { summarizeDecisions } from './decision-summary.js';
import { offHoursWeek } from './off-hours-week.js';
import { renderHtmlWithCharts } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import {
  costByWeek,
  dashboardCharts,
  dashboardData,
  DASHBOARD_WEEKS,
  incidentDays,
  type BudgetBurn,
  type DashboardChart,
  type ModelSpendDay,
} from './dashboards/index.js';
import { currentWeekWindow, reportWindow, type ReportWindow, type WeeklyReportData } from './report-data.js';
import { savingsFromBill } from './savings-from-bill.js';
import { spendTrends } from './spend-trend.js';

export interface WeeklyReportInputs {
  /** YYYY-MM-DD: the report covers the seven days before it. Without it (and without `window`): the seven days ending today, by `now`. */
  weekEnding?: string;
  /** the window itself, e.g. completedWeekWindow() for a Schedule's run; wins over weekEnding */
  window?: ReportWindow;
  warehouse?: Warehouse;
  audit?: AuditStore;
  /** from detect/ (the caller runs it); undefined shows "no anomaly data" */
  incidents?: Incident[];
  agentBudgetsUsd?: Record<string, number>;
  /** budget burn-downs (activities/budget-burndown.ts computes them from the policy's budgets) */
  budgets?: BudgetBurn[];
  /** budgets that could not be drawn, and why (e.g. their scope is billed in another currency) */
  budgetsRefused?: { name: string; reason: string }[];
  /** model spend per day and agent from the spend ledger; without it, from the audit records' costUsd */
  modelSpendByDay?: ModelSpendDay[];
  now?: () => Date;
}

const DAY_MS = 86_400_000;
/** The model-spend chart and the daily spend trend span four weeks. */
const MODEL_SPEND_DAYS = 28;

/** Gathers every section's data; each source is optional so a partial install still reports. */
export async function buildWeeklyReport(inputs: WeeklyReportInputs): Promise<WeeklyReportData> {
  const now = inputs.now ?? (() => new Date());
  const window = inputs.window ?? (inputs.weekEnding ? reportWindow(inputs.weekEnding) : currentWeekWindow(now()));
  const spend = inputs.warehouse ? await spendTrends(inputs.warehouse, window) : [];
  const records = inputs.audit ? await inputs.audit.records() : [];
  const decisions = summarizeDecisions(records, window, inputs.agentBudgetsUsd);
  const offHours = offHoursWeek(records, window);
  // Every change applied before the report's end, measured from the bill as it stands.
  const realizedFromBill =
    inputs.warehouse && inputs.audit
      ? await savingsFromBill(
          inputs.warehouse,
          records.filter((r) => r.at < window.to),
        )
      : undefined;
  // Open during the week: started before its end and not finished before its start.
  const incidents = inputs.incidents?.filter((i) => i.start < window.to.slice(0, 10) && i.end >= window.from.slice(0, 10));
  const spanFrom = new Date(Date.parse(window.to) - DASHBOARD_WEEKS * 7 * DAY_MS).toISOString();
  const weekly = inputs.warehouse ? await costByWeek(inputs.warehouse, window.to) : [];
  return {
    window,
    generatedAt: now().toISOString(),
    ...(spend.length > 0 ? { spendByCurrency: spend } : {}),
    ...(incidents ? { incidents } : {}),
    ...decisions,
    ...(realizedFromBill ? { realizedFromBill } : {}),
    ...(offHours ? { offHours } : {}),
    ...(weekly.length > 0 ? { costByWeek: weekly } : {}),
    ...(inputs.incidents ? { incidentDays: incidentDays(inputs.incidents, spanFrom, window.to) } : {}),
    ...(inputs.budgets && inputs.budgets.length > 0 ? { budgets: inputs.budgets } : {}),
    ...(inputs.budgetsRefused && inputs.budgetsRefused.length > 0 ? { budgetsRefused: inputs.budgetsRefused } : {}),
    modelSpendByDay: inputs.modelSpendByDay ?? modelSpendFromRecords(records, window.to),
  };
}

/** Model calls the audit log priced (costUsd), per UTC day and agent, over the four weeks to `to`. */
function modelSpendFromRecords(records: readonly DecisionRecord[], to: string): ModelSpendDay[] {
  const from = new Date(Date.parse(to) - MODEL_SPEND_DAYS * DAY_MS).toISOString();
  const spend = new Map<string, ModelSpendDay>();
  for (const r of records) {
    if (r.costUsd === undefined || r.at < from || r.at >= to) continue;
    const key = `${r.at.slice(0, 10)}\u0000${r.actor.id}`;
    const row = spend.get(key) ?? { date: r.at.slice(0, 10), agent: r.actor.id, costUsd: 0 };
    row.costUsd += r.costUsd;
    spend.set(key, row);
  }
  return [...spend.values()].sort((a, b) => a.date.localeCompare(b.date) || a.agent.localeCompare(b.agent));
}

export interface WeeklyReportPaths {
  markdown: string;
  html: string;
  json: string;
  /** one SVG per chart, beside the Markdown that links them */
  charts: string[];
}

/** The file name stem of a report: the window's last day, `weekly-YYYY-MM-DD`. */
export function weeklyReportName(data: WeeklyReportData): string {
  return `weekly-${new Date(Date.parse(data.window.to) - DAY_MS).toISOString().slice(0, 10)}`;
}

/** The charts of a report, rendered once for both the HTML and the Markdown. */
export function weeklyCharts(data: WeeklyReportData): Promise<DashboardChart[]> {
  return dashboardCharts(dashboardData(data));
}

/**
 * Writes weekly-<last day>.md, .html and .json into `outDir`, and each chart as
 * weekly-<last day>-<chart id>.svg beside them (the Markdown embeds those files); returns their paths.
 */
export async function writeWeeklyReport(data: WeeklyReportData, outDir: string, topAnomalies = 5): Promise<WeeklyReportPaths> {
  mkdirSync(outDir, { recursive: true });
  const name = weeklyReportName(data);
  const base = join(outDir, name);
  const charts = await weeklyCharts(data);
  const chartFiles = charts.map((c) => ({ ...c, file: `${name}-${c.id}.svg` }));
  for (const c of chartFiles) writeFileSync(join(outDir, c.file), `${c.svg}\n`);
  const paths = { markdown: `${base}.md`, html: `${base}.html`, json: `${base}.json`, charts: chartFiles.map((c) => join(outDir, c.file)) };
  writeFileSync(paths.markdown, renderMarkdown(data, topAnomalies, chartFiles));
  writeFileSync(paths.html, renderHtmlWithCharts(data, charts, topAnomalies));
  writeFileSync(paths.json, `${JSON.stringify(data, null, 2)}\n`);
  return paths;
}
