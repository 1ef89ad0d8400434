import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebClient } from '@slack/web-api';
import type { Command } from 'commander';
import { openAuditStore } from '../../audit/index.js';
import type { CostAnomaly } from '../../core/index.js';
import { cellsFromFocusRows, detectCostAnomalies, type FocusCostRow } from '../../detect/anomaly/index.js';
import { buildWeeklyReport, postSlackSummary, writeWeeklyReport } from '../../reports/index.js';
import { openWarehouse, queryRows, type Warehouse } from '../../warehouse/connection.js';
import { loadPolicy, runtimeConfig } from '../config.js';
import { log } from '../logger.js';
import { printJson } from '../output.js';

interface WeeklyOptions {
  out: string;
  db?: string;
  store?: string;
  weekEnding: string;
  slackChannel?: string;
  json?: boolean;
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports for people: the weekly optimization report');

  report
    .command('weekly')
    .description('spend trend, anomalies, proposals and outcomes, savings, model spend and guardrail blocks as Markdown + HTML')
    .requiredOption('--out <dir>', 'folder for weekly-DATE.md / .html / .json')
    .option('--db <file>', 'DuckDB warehouse (default: $TOLLGATE_DB or .tollgate/warehouse.duckdb)')
    .option('--store <url>', 'audit store: SQLite path or postgres://… (default: $TOLLGATE_AUDIT_STORE or .tollgate/audit.sqlite)')
    .option('--week-ending <date>', 'the report covers the seven days before this date', new Date().toISOString().slice(0, 10))
    .option('--slack-channel <id>', 'post a summary there (needs SLACK_BOT_TOKEN; SLACK_API_URL overrides the API base)')
    .option('--json', 'print the paths and data as JSON')
    .action(async (opts: WeeklyOptions) => {
      const config = runtimeConfig();
      const policy = loadPolicy(config.policyPath);
      const dbPath = resolve(opts.db ?? process.env.TOLLGATE_DB ?? `${config.home}/warehouse.duckdb`);
      const warehouse = existsSync(dbPath) ? await openWarehouse(dbPath) : undefined;
      if (!warehouse) log.warn({ dbPath }, 'no warehouse file: the spend and anomaly sections will say so');
      const audit = openAuditStore(opts.store ?? process.env.TOLLGATE_AUDIT_STORE ?? config.auditPath);
      try {
        const data = await buildWeeklyReport({
          weekEnding: opts.weekEnding,
          ...(warehouse ? { warehouse } : {}),
          ...(warehouse ? { anomalies: await anomaliesFrom(warehouse) } : {}),
          audit,
          agentBudgetsUsd: policy.reporting.agentBudgetsUsd,
        });
        const paths = writeWeeklyReport(data, resolve(opts.out), policy.reporting.topAnomalies);
        let slackTs: string | undefined;
        if (opts.slackChannel) {
          const token = process.env.SLACK_BOT_TOKEN;
          if (!token) throw new Error('--slack-channel needs SLACK_BOT_TOKEN; see docs/reports.md');
          const client = new WebClient(token, process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {});
          slackTs = await postSlackSummary(client, opts.slackChannel, data, paths.html);
        }
        if (opts.json) printJson({ paths, slackTs, data });
        else
          process.stdout.write(
            `wrote ${paths.markdown}\nwrote ${paths.html}\nwrote ${paths.json}\n${slackTs ? `posted the summary to ${opts.slackChannel}\n` : ''}`,
          );
      } finally {
        warehouse?.close();
        await audit.close();
      }
    });
}

/** Cost anomalies over the warehouse's daily cells, by detect/'s deterministic detector. */
async function anomaliesFrom(warehouse: Warehouse): Promise<CostAnomaly[]> {
  const rows = await queryRows(
    warehouse,
    `SELECT strftime(ChargePeriodStart, '%Y-%m-%dT%H:%M:%S') AS ChargePeriodStart, EffectiveCost::DOUBLE AS EffectiveCost, ProviderName,
            BillingAccountId, SubAccountId, ServiceName, RegionId, ResourceId, x_tags AS Tags FROM focus_rows`,
  );
  const focus = rows.map(
    (r) => ({ ...r, Tags: typeof r.Tags === 'string' ? (JSON.parse(r.Tags) as Record<string, string>) : (r.Tags ?? null) }) as FocusCostRow,
  );
  return detectCostAnomalies(cellsFromFocusRows(focus));
}
