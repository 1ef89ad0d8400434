import { existsSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import type { SpendLedger } from '../agents/index.js';
import type { AuditStore } from '../audit/index.js';
import type { Incident } from '../core/index.js';
import { detectIncidentsOnThreads, type ScanThreading } from '../detect/anomaly/index.js';
import { anomalyOptionsFromPolicy } from './anomaly-options.js';
import { budgetBurns } from './budget-burndown.js';
import type { Policy } from '../guardrails/index.js';
import {
  buildWeeklyReport,
  currentWeekWindow,
  postSlackSummary,
  reportWindow,
  writeWeeklyReport,
  type ModelSpendDay,
  type ReportWindow,
  type WeeklyReportData,
  type WeeklyReportPaths,
} from '../reports/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { openWarehouse } from '../warehouse/connection.js';

export interface WeeklyReportRequest {
  /** the seven days before this date (YYYY-MM-DD); without it and without `window`: the seven days ending today */
  weekEnding?: string;
  /** wins over weekEnding: e.g. completedWeekWindow() for a Schedule's run */
  window?: ReportWindow;
  outDir: string;
  warehousePath: string;
  audit: AuditStore;
  policy: Policy;
  /** the agents' spend ledger, for the model-spend chart; without it the audit records' costs are drawn */
  ledger?: SpendLedger;
  /** the console's base address: the Slack summary links to its /reports/weekly page */
  consoleUrl?: string;
  slack?: { token: string; channel: string; apiUrl?: string };
  now?: () => Date;
  /** worker threads for the incidents' series scan (detectIncidentsOnThreads); absent: one per core, small warehouses in-process */
  detectThreading?: ScanThreading;
}

export interface WeeklyReportOutcome {
  paths: WeeklyReportPaths;
  data: WeeklyReportData;
  slackTs?: string;
  hadWarehouse: boolean;
}

/**
 * The report's data from every source the installation has: the warehouse (spend, incidents,
 * budgets, savings from the bill), the audit log and the spend ledger. Files are not written: the
 * console calls this to serve /reports/weekly and its dashboards (reports/dashboards).
 */
export async function gatherWeeklyReport(
  request: Omit<WeeklyReportRequest, 'outDir' | 'slack' | 'consoleUrl'>,
): Promise<{ data: WeeklyReportData; hadWarehouse: boolean }> {
  const warehouse = existsSync(request.warehousePath) ? await openWarehouse(request.warehousePath) : undefined;
  try {
    const now = request.now ?? (() => new Date());
    const window = request.window ?? (request.weekEnding ? reportWindow(request.weekEnding) : currentWeekWindow(now()));
    const incidents: Incident[] | undefined = warehouse
      ? (
          await detectIncidentsOnThreads(
            await dailyCostCells(warehouse),
            anomalyOptionsFromPolicy(request.policy.anomalies),
            undefined,
            request.detectThreading,
          )
        ).incidents
      : undefined;
    const budgets = warehouse ? await budgetBurns(warehouse, request.policy.budgets, window.to) : undefined;
    const data = await buildWeeklyReport({
      window,
      ...(warehouse ? { warehouse } : {}),
      ...(incidents ? { incidents } : {}),
      ...(budgets ? { budgets: budgets.burns, budgetsRefused: budgets.refused } : {}),
      ...(request.ledger ? { modelSpendByDay: ledgerSpend(request.ledger, window.to) } : {}),
      audit: request.audit,
      agentBudgetsUsd: request.policy.reporting.agentBudgetsUsd,
      now,
    });
    return { data, hadWarehouse: Boolean(warehouse) };
  } finally {
    warehouse?.close();
  }
}

/** The ledger's spend per day and agent over the four weeks to `to` (models summed: the chart is per agent). */
function ledgerSpend(ledger: SpendLedger, to: string): ModelSpendDay[] {
  const from = new Date(Date.parse(to) - 28 * 86_400_000).toISOString();
  const byKey = new Map<string, ModelSpendDay>();
  for (const row of ledger.byAgentModelDay(from)) {
    if (row.day >= to.slice(0, 10)) continue;
    const key = `${row.day} ${row.agentId}`;
    const sum = byKey.get(key) ?? { date: row.day, agent: row.agentId, costUsd: 0 };
    sum.costUsd += row.costUsd;
    byKey.set(key, sum);
  }
  return [...byKey.values()];
}

/** The weekly report, as the CLI and the weekly Schedule both produce it. */
export async function produceWeeklyReport(request: WeeklyReportRequest): Promise<WeeklyReportOutcome> {
  const { data, hadWarehouse } = await gatherWeeklyReport(request);
  const paths = await writeWeeklyReport(data, request.outDir, request.policy.reporting.topAnomalies);
  let slackTs: string | undefined;
  if (request.slack) {
    const client = new WebClient(request.slack.token, request.slack.apiUrl ? { slackApiUrl: request.slack.apiUrl } : {});
    slackTs = await postSlackSummary(client, request.slack.channel, data, {
      ...(request.consoleUrl ? { consoleUrl: request.consoleUrl } : {}),
      file: paths.html,
    });
  }
  return { paths, data, hadWarehouse, ...(slackTs ? { slackTs } : {}) };
}
