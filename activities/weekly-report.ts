import { existsSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import type { AuditStore } from '../audit/index.js';
import type { Incident } from '../core/index.js';
import { detectIncidents } from '../detect/anomaly/index.js';
import { anomalyOptionsFromPolicy } from './anomaly-options.js';
import type { Policy } from '../guardrails/index.js';
import { buildWeeklyReport, postSlackSummary, writeWeeklyReport } from '../reports/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { openWarehouse } from '../warehouse/connection.js';

export interface WeeklyReportRequest {
  weekEnding: string;
  outDir: string;
  warehousePath: string;
  audit: AuditStore;
  policy: Policy;
  slack?: { token: string; channel: string; apiUrl?: string };
}

export interface WeeklyReportOutcome {
  paths: { markdown: string; html: string; json: string };
  data: Awaited<ReturnType<typeof buildWeeklyReport>>;
  slackTs?: string;
  hadWarehouse: boolean;
}

/** The weekly report, as the CLI and the weekly Schedule both produce it. */
export async function produceWeeklyReport(request: WeeklyReportRequest): Promise<WeeklyReportOutcome> {
  const warehouse = existsSync(request.warehousePath) ? await openWarehouse(request.warehousePath) : undefined;
  try {
    const incidents: Incident[] | undefined = warehouse
      ? detectIncidents(await dailyCostCells(warehouse), anomalyOptionsFromPolicy(request.policy.anomalies)).incidents
      : undefined;
    const data = await buildWeeklyReport({
      weekEnding: request.weekEnding,
      ...(warehouse ? { warehouse } : {}),
      ...(incidents ? { incidents } : {}),
      audit: request.audit,
      agentBudgetsUsd: request.policy.reporting.agentBudgetsUsd,
    });
    const paths = writeWeeklyReport(data, request.outDir, request.policy.reporting.topAnomalies);
    let slackTs: string | undefined;
    if (request.slack) {
      const client = new WebClient(request.slack.token, request.slack.apiUrl ? { slackApiUrl: request.slack.apiUrl } : {});
      slackTs = await postSlackSummary(client, request.slack.channel, data, paths.html);
    }
    return { paths, data, hadWarehouse: Boolean(warehouse), ...(slackTs ? { slackTs } : {}) };
  } finally {
    warehouse?.close();
  }
}
