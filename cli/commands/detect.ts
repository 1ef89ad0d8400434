import { readFileSync } from 'node:fs';
import { detectMetricAnomalies, parseMetricCsv } from '../../detect/metric/index.js';
import { anomalyOptionsFromPolicy, incidentsInWarehouse } from '../detect-anomalies.js';
import { DetectProgressBar } from '../detect-progress-bar.js';
import { DetectProgressLines } from '../detect-progress-lines.js';
import { incidentRow } from '../incident-row.js';
import { budgetsInWarehouse } from '../detect-budgets.js';
import { catalogDates, liveRightsizing, parseCatalogSource, type CatalogSource } from '../detect-rightsizing.js';
import { InvalidArgumentError, type Command } from 'commander';
import { parseEstate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { readOnlyView } from '../../clouds/provider.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson, printTable } from '../output.js';
import { openConfiguredClouds } from '../../runtime/open-configured-clouds.js';
import { describeScope } from '../../core/index.js';

export function registerDetect(program: Command): void {
  const detect = program.command('detect').description('deterministic findings');
  detect
    .command('rightsizing')
    .description('over-provisioned VMs in the estate, with candidate sizes and the numbers behind them')
    .option('--estate <file>', 'sandbox estate JSON, read as it is (default: the clouds of --config)')
    .option('--config <file>', 'deployment config: clouds and scopes (default: $TOLLGATE_CONFIG, else the sandbox; docs/clouds.md)')
    .option(
      '--catalog <source>',
      "candidate targets from: sandbox (the estate's own catalog) or shared (the AWS/Azure/GCE list-price files in ../shared/data)",
      parseCatalogSource,
      'sandbox' as CatalogSource,
    )
    .option('--data-dir <dir>', 'with --catalog shared: the folder holding pricing/ and specs/ (default $TOLLGATE_DATA_DIR or ../shared/data)')
    .option('--json', 'print JSON')
    .action(async (opts: { estate?: string; config?: string; catalog: CatalogSource; dataDir?: string; json?: boolean }) => {
      const config = runtimeConfig();
      // An explicit estate file is read as it is, without the demo's shared state; else the configured clouds, live.
      const clouds = opts.estate
        ? [new SandboxCloud(parseEstate(readFileSync(opts.estate, 'utf8'), opts.estate))]
        : [...(await openConfiguredClouds(config, 'analysis', opts.config)).providers.values()];
      const policy = loadPolicy(config.policyPath);
      const { findings, excluded, catalog } = await liveRightsizing(clouds.map(readOnlyView), policy, new Date().toISOString(), opts.catalog, opts.dataDir);
      if (opts.json) return printJson({ findings, excluded });
      process.stderr.write(`catalog: ${opts.catalog} (${catalogDates(catalog)})\n`);
      if (excluded.length) process.stderr.write(`not listed, excluded by the ${policy.tags.excludeKey} tag: ${excluded.join(', ')}\n`);
      printTable(
        findings.map((f) => ({
          resource: f.resourceId,
          where: describeScope(f),
          current: f.currentSku,
          target: f.candidates[0]?.sku ?? '',
          savingsUsd: f.estimatedMonthlySavingsUsd,
          cpuP995: f.utilization?.cpu.p995 ?? '',
          candidates: f.candidates
            .slice(1)
            .map((c) => `${c.sku} $${c.monthlySavingsUsd}${c.flags.length ? ` (${c.flags.join(', ')})` : ''}`)
            .join('; '),
          catalogDate: f.catalogDate ?? '',
        })),
        ['resource', 'where', 'current', 'target', 'savingsUsd', 'cpuP995', 'catalogDate', 'candidates'],
      );
    });
  detect
    .command('anomalies')
    .description('cost incidents in the warehouse: alerts on every series grouped by root cause and time window, with severity, impact and ranked root cause')
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--policy <file>', 'policy YAML whose `anomalies` section sets the floors and planned events (default: $TOLLGATE_POLICY or tollgate.policy.yaml)')
    .option(
      '--min-impact-usd <usd>',
      "floor, overriding the policy's anomalies.minImpactUsd: nothing below this much above expected on the day (in the bill's currency)",
      Number,
    )
    .option(
      '--threads <n>',
      'worker threads for the series scan, whatever the warehouse size; 1 scans on the main thread (default: $TOLLGATE_DETECT_THREADS, else one per core, at most 8, and small warehouses on the main thread)',
      wholeThreads,
    )
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; policy?: string; minImpactUsd?: number; threads?: number; json?: boolean }) => {
      const config = runtimeConfig();
      const policy = loadPolicy(opts.policy ?? config.policyPath);
      // A count given on the command line is used as given; the configured or default one skips small warehouses.
      const threading =
        opts.threads !== undefined ? { threads: opts.threads, minSeriesDays: 0 } : config.detectThreads ? { threads: config.detectThreads } : {};
      // A bar for a person watching; plain lines for a log or a pipe; nothing beside --json output.
      const bar = opts.json ? undefined : process.stderr.isTTY ? new DetectProgressBar() : new DetectProgressLines();
      let report;
      try {
        report = await incidentsInWarehouse(
          opts.db,
          opts.minImpactUsd === undefined ? {} : { minImpactUsd: opts.minImpactUsd },
          anomalyOptionsFromPolicy(policy.anomalies),
          bar?.update,
          threading,
        );
      } finally {
        if (bar instanceof DetectProgressBar) bar.stop();
      }
      if (opts.json) return printJson(report);
      printTable(report.incidents.map(incidentRow), ['id', 'start', 'end', 'severity', 'method', 'impact', 'expected', 'actual', 'rootCause', 'explains']);
      if (report.suppressed.length > 0)
        process.stderr.write(
          `${report.suppressed.length} incident(s) suppressed by planned events: ${report.suppressed.map((s) => `${s.incident.id} (${s.planned})`).join(', ')}\n`,
        );
    });
  detect
    .command('budgets')
    .description("the policy's budgets against the warehouse's daily spend: period-end projection and the burn-rate alerts reached")
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--policy <file>', 'policy YAML whose `budgets` are checked (default: $TOLLGATE_POLICY or tollgate.policy.yaml)')
    .option('--as-of <date>', 'day to project from, YYYY-MM-DD (default: the last day with charges in the warehouse)')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; policy?: string; asOf?: string; json?: boolean }) => {
      const policy = loadPolicy(opts.policy ?? runtimeConfig().policyPath);
      const result = await budgetsInWarehouse(opts.db, policy.budgets, opts.asOf);
      // A budget that cannot be evaluated is an error (exit 1), after the ones that can are shown.
      if (result.refused.length > 0) {
        process.exitCode = 1;
        for (const r of result.refused) process.stderr.write(`${r.reason}\n`);
      }
      if (opts.json) return printJson(result);
      if (policy.budgets.length === 0) process.stderr.write('no budgets in the policy: add them under `budgets` (docs/detection.md)\n');
      else if (result.asOf === undefined) process.stderr.write('the warehouse holds no charges: ingest a billing file first\n');
      printTable(
        result.budgets.map((b) => ({
          budget: b.name,
          scope: b.scope.dimension === 'total' ? 'total' : `${b.scope.dimension === 'tag' ? b.scope.tagKey : b.scope.dimension}=${b.scope.key}`,
          period: `${b.periodStart}..${b.periodEnd}`,
          asOf: b.asOf,
          spentUsd: b.spentUsd,
          projectedUsd: b.projectedUsd,
          budgetUsd: b.budgetUsd,
          projectedPct: b.projectedPct,
          alerts: b.alerts.map((a) => `${a.thresholdPct}% on ${a.asOf}`).join(', '),
        })),
        ['budget', 'scope', 'period', 'asOf', 'spentUsd', 'projectedUsd', 'budgetUsd', 'projectedPct', 'alerts'],
      );
    });
  detect
    .command('series')
    .description('anomalous timestamps in a timestamp,value CSV (the NAB format)')
    .argument('<csv>', 'CSV file with the header timestamp,value')
    .option('--json', 'print JSON')
    .action((csv: string, opts: { json?: boolean }) => {
      const anomalies = detectMetricAnomalies(parseMetricCsv(readFileSync(csv, 'utf8'), csv));
      if (opts.json) return printJson({ anomalies });
      printTable(
        anomalies.map((a) => ({ timestamp: a.timestamp, score: a.score })),
        ['timestamp', 'score'],
      );
    });
}

/** --threads: a whole number of worker threads, at least 1. */
function wholeThreads(value: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new InvalidArgumentError(`give a whole number of threads, at least 1 (1 scans on the main thread); found ${JSON.stringify(value)}`);
  return threads;
}
