import { resolve } from 'node:path';
import type { Command } from 'commander';
import { produceWeeklyReport } from '../../activities/weekly-report.js';
import { openAuditStore } from '../../audit/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { log } from '../../runtime/logger.js';
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
      const warehousePath = resolve(opts.db ?? process.env.TOLLGATE_DB ?? `${config.home}/warehouse.duckdb`);
      const token = process.env.SLACK_BOT_TOKEN;
      if (opts.slackChannel && !token) throw new Error('--slack-channel needs SLACK_BOT_TOKEN; see docs/reports.md');
      const audit = openAuditStore(opts.store ?? config.auditStore);
      try {
        const outcome = await produceWeeklyReport({
          weekEnding: opts.weekEnding,
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
          `wrote ${paths.markdown}\nwrote ${paths.html}\nwrote ${paths.json}\n${outcome.slackTs ? `posted the summary to ${opts.slackChannel}\n` : ''}`,
        );
      } finally {
        await audit.close();
      }
    });
}
