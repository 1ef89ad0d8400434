import type { Command } from 'commander';
import { costsByGroup, unitCosts } from '../../warehouse/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { withWarehouse } from '../ingest-db.js';
import { printJson, printTable } from '../output.js';

interface CostsOptions {
  db?: string;
  by: string;
  from?: string;
  to?: string;
  per?: string;
  allocated?: boolean;
  policy?: string;
  json?: boolean;
}

export function registerCosts(program: Command): void {
  program
    .command('costs')
    .description('showback and chargeback: BilledCost, EffectiveCost and ListCost per group (FOCUS column or normalized tag)')
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--by <columns>', 'comma-separated FOCUS columns or tag keys (team, env, tag:cost-center)', 'ServiceName')
    .option('--from <date>', 'first day, inclusive (YYYY-MM-DD)')
    .option('--to <date>', 'last day, exclusive (YYYY-MM-DD)')
    .option('--per <metricFile>', 'unit economics: CSV date,<tag key>,<metric> joined by tag and day')
    .option('--allocated', "after the policy's allocation rules split shared and untagged cost to teams (docs/policy.md)")
    .option('--policy <file>', 'policy YAML for --allocated (default: the configured policy)')
    .option('--json', 'print JSON')
    .action(async (opts: CostsOptions) => {
      const allocation = opts.allocated ? loadPolicy(opts.policy ?? runtimeConfig().policyPath).allocation : undefined;
      const period = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
      await withWarehouse(opts.db, async (db) => {
        if (opts.per) {
          const unit = await unitCosts(db, opts.per, period);
          if (opts.json) return printJson(unit);
          return printTable(
            unit.rows.map((r) => ({
              [unit.tagKey]: r.key,
              currency: r.currency ?? '',
              effectiveCost: r.effectiveCost.toFixed(2),
              [unit.metric]: r.quantity,
              [`costPer${unit.metric}`]: r.costPerUnit ?? '',
            })),
            [unit.tagKey, 'currency', 'effectiveCost', unit.metric, `costPer${unit.metric}`],
          );
        }
        const by = opts.by
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const groups = await costsByGroup(db, { by, ...period, ...(allocation ? { allocation } : {}) });
        if (opts.json) return printJson(groups);
        const labels = Object.keys(groups[0] ?? {}).filter((k) => !['BillingCurrency', 'BilledCost', 'EffectiveCost', 'ListCost', 'rows'].includes(k));
        printTable(
          groups.map((g) => ({
            ...Object.fromEntries(labels.map((l) => [l, String(g[l] ?? '(none)')])),
            currency: g.BillingCurrency ?? '',
            billed: g.BilledCost.toFixed(2),
            effective: g.EffectiveCost.toFixed(2),
            list: g.ListCost.toFixed(2),
          })),
          [...labels, 'currency', 'billed', 'effective', 'list'],
        );
      });
    });
}
