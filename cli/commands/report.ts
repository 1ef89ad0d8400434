import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { produceWeeklyReport } from '../../activities/weekly-report.js';
import { SpendLedger, spendLedgerPath } from '../../agents/index.js';
import { openAuditStore } from '../../audit/index.js';
import { consoleReportUrl } from '../../reports/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { deploymentConfigPath, loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { log } from '../../runtime/logger.js';
import { printJson } from '../output.js';

interface WeeklyOptions {
  out: string;
  db?: string;
  store?: string;
  weekEnding?: string;
  slackChannel?: string;
  consoleUrl?: string;
  config?: string;
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
    .option('--week-ending <date>', 'the report covers the seven days before this date (default: the seven days ending today, today included)')
    .option('--slack-channel <id>', 'post a summary there (needs SLACK_BOT_TOKEN; SLACK_API_URL overrides the API base)')
    .option('--console-url <url>', "the console's address: the Slack summary links to <url>/reports/weekly (default: console.url in tollgate.yaml)")
    .option('--config <file>', 'deployment config, for console.url (default: $TOLLGATE_CONFIG; docs/clouds.md)')
    .option('--json', 'print the paths and data as JSON')
    .action(async (opts: WeeklyOptions) => {
      const config = runtimeConfig();
      const warehousePath = resolve(opts.db ?? process.env.TOLLGATE_DB ?? `${config.home}/warehouse.duckdb`);
      const token = process.env.SLACK_BOT_TOKEN;
      if (opts.slackChannel && !token) throw new Error('--slack-channel needs SLACK_BOT_TOKEN; see docs/reports.md');
      const consoleUrl = opts.consoleUrl ?? loadDeploymentConfig(deploymentConfigPath(opts.config)).config.console?.url;
      if (consoleUrl) {
        try {
          consoleReportUrl(consoleUrl);
        } catch (error) {
          throw new Error(`--console-url: ${(error as Error).message}; e.g. https://tollgate.example.com`);
        }
      }
      const ledgerPath = spendLedgerPath(config.auditPath);
      const ledger = existsSync(ledgerPath) ? new SpendLedger(ledgerPath) : undefined;
      const audit = openAuditStore(opts.store ?? config.auditStore);
      try {
        const outcome = await produceWeeklyReport({
          ...(opts.weekEnding ? { weekEnding: opts.weekEnding } : {}),
          ...(consoleUrl ? { consoleUrl } : {}),
          ...(ledger ? { ledger } : {}),
          outDir: resolve(opts.out),
          warehousePath,
          audit,
          policy: loadPolicy(config.policyPath),
          ...(opts.slackChannel && token
            ? { slack: { token, channel: opts.slackChannel, ...(process.env.SLACK_API_URL ? { apiUrl: process.env.SLACK_API_URL } : {}) } }
            : {}),
        });
        if (!outcome.hadWarehouse) log.warn({ warehousePath }, 'no warehouse file: the spend and anomaly sections say so');
        if (opts.json) return printJson(outcome);
        const { paths } = outcome;
        process.stdout.write(
          `${outcome.data.window.description ?? ''}\nwrote ${paths.markdown}\nwrote ${paths.html}\nwrote ${paths.json}\nwrote ${paths.charts.length} chart(s) beside them\n${outcome.slackTs ? `posted the summary to ${opts.slackChannel}\n` : ''}`,
        );
      } finally {
        await audit.close();
        ledger?.close();
      }
    });
}
