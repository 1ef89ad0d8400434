import type { Command } from 'commander';
import { pollBillingSources, type LandingEvent } from '../../activities/billing-landing.js';
import type { BillingPollResult } from '../../core/index.js';
import { landingSettings } from '../../runtime/billing-sources.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { openAudit } from '../../runtime/deps.js';
import { deploymentConfigPath, loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { printJson, printTable } from '../output.js';

export function registerBilling(program: Command): void {
  const billing = program.command('billing').description('billing data that lands by itself: the sources in tollgate.yaml (docs/billing-landing.md)');

  billing
    .command('poll')
    .description('look at every billing source now and land what is new or restated (what the billing landing poll Schedule does)')
    .option('--config <file>', 'tollgate.yaml (default $TOLLGATE_CONFIG)')
    .option('--db <file>', 'warehouse file (default $TOLLGATE_DB, else $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; db?: string; json?: boolean }) => {
      const config = runtimeConfig();
      const deployment = loadDeploymentConfig(deploymentConfigPath(opts.config));
      const settings = landingSettings(config, deployment.config.billing);
      if (settings.readers.length === 0) {
        throw new Error(`${deployment.path ?? 'no tollgate.yaml'}: no billing sources; add billing.sources (docs/billing-landing.md) or pass --config`);
      }
      const audit = openAudit(config);
      let result: BillingPollResult;
      try {
        result = await pollBillingSources(settings.readers, {
          warehousePath: opts.db ?? settings.warehousePath,
          cacheDir: settings.cacheDir,
          tagAliases: loadPolicy(config.policyPath).tags.aliases,
          audit,
          clock: () => new Date().toISOString(),
          landingId: `cli-${new Date().toISOString()}`,
          onEvent: (event) => process.stderr.write(`${describeEvent(event)}\n`),
        });
      } finally {
        await audit.close();
      }
      if (opts.json) printJson(result);
      else {
        printTable(
          result.sources.map((s) => ({
            source: s.source,
            kind: s.kind,
            units: s.units,
            landed: s.landed.filter((l) => l.kind === 'new').length,
            restated: s.landed.filter((l) => l.kind === 'restated').length,
            unchanged: s.unchanged,
            failed: s.failed.length + (s.error ? 1 : 0),
          })),
          ['source', 'kind', 'units', 'landed', 'restated', 'unchanged', 'failed'],
        );
        for (const s of result.sources) {
          if (s.error) process.stderr.write(`error: ${s.error}\n`);
          for (const f of s.failed) process.stderr.write(`error: ${f.error}\n`);
        }
      }
      // Cron sees a failure; what could land has landed.
      if (result.sources.some((s) => s.error || s.failed.length > 0)) process.exitCode = 1;
    });
}

function describeEvent(event: LandingEvent): string {
  switch (event.kind) {
    case 'listed':
      return `${event.source}: ${event.units} unit(s) listed${event.problems ? `, ${event.problems} problem(s)` : ''}`;
    case 'landing':
      return `${event.source}: landing ${event.unit} (${event.parts} object(s))…`;
    case 'landed':
      return `${event.source}: ${event.status} ${event.unit}${event.status === 'unchanged' ? '' : ` (${event.rows} rows)`}`;
    case 'failed':
      return `${event.source}: failed ${event.unit}`;
  }
}
