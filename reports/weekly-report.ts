import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from '../audit/store.js';
import type { Incident } from '../core/index.js';
import type { Warehouse } from '../warehouse/connection.js';
import { summarizeDecisions } from './decision-summary.js';
import { offHoursWeek } from './off-hours-week.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { reportWindow, type WeeklyReportData } from './report-data.js';
import { savingsFromBill } from './savings-from-bill.js';
import { spendTrends } from './spend-trend.js';

export interface WeeklyReportInputs {
  /** YYYY-MM-DD: the report covers the seven days before it */
  weekEnding: string;
  warehouse?: Warehouse;
  audit?: AuditStore;
  /** from detect/ (the caller runs it); undefined shows "no anomaly data" */
  incidents?: Incident[];
  agentBudgetsUsd?: Record<string, number>;
  now?: () => Date;
}

/** Gathers every section's data; each source is optional so a partial install still reports. */
export async function buildWeeklyReport(inputs: WeeklyReportInputs): Promise<WeeklyReportData> {
  const window = reportWindow(inputs.weekEnding);
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
  return {
    window,
    generatedAt: (inputs.now?.() ?? new Date()).toISOString(),
    ...(spend.length > 0 ? { spendByCurrency: spend } : {}),
    ...(incidents ? { incidents } : {}),
    ...decisions,
    ...(realizedFromBill ? { realizedFromBill } : {}),
    ...(offHours ? { offHours } : {}),
  };
}

/** Writes weekly-YYYY-MM-DD.md, .html and .json into `outDir`; returns their paths. */
export function writeWeeklyReport(data: WeeklyReportData, outDir: string, topAnomalies = 5): { markdown: string; html: string; json: string } {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `weekly-${data.window.to.slice(0, 10)}`);
  const paths = { markdown: `${base}.md`, html: `${base}.html`, json: `${base}.json` };
  writeFileSync(paths.markdown, renderMarkdown(data, topAnomalies));
  writeFileSync(paths.html, renderHtml(data, topAnomalies));
  writeFileSync(paths.json, `${JSON.stringify(data, null, 2)}\n`);
  return paths;
}
