import type { Command } from 'commander';
import { tagAuditByCurrency, type TagAudit } from '../../warehouse/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { withWarehouse } from '../ingest-db.js';
import { printJson, printTable } from '../output.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

export function registerTags(program: Command): void {
  const tags = program.command('tags').description('tag governance');
  tags
    .command('audit')
    .description("the policy's required tags: compliance by cost and by resource, top untagged spend, offenders per account")
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--policy <file>', 'policy YAML (default: the configured policy)')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; policy?: string; json?: boolean }) => {
      const policy = loadPolicy(opts.policy ?? runtimeConfig().policyPath);
      const audits = await withWarehouse(opts.db, (db) => tagAuditByCurrency(db, policy.tags, 10, new Date().toISOString()));
      // Costs in two currencies are never added: one audit per billing currency.
      if (opts.json) return printJson({ required: policy.tags.required, byCurrency: audits });
      if (audits.length === 0) process.stdout.write('No cost rows in the warehouse\n');
      audits.forEach((audit, i) => printAudit(audit, i > 0));
    });
}

function printAudit(audit: TagAudit, separated: boolean): void {
  const currency = audit.currency ?? '(no currency)';
  process.stdout.write(`${separated ? '\n' : ''}== ${currency}\n`);
  process.stdout.write(`Cost shares are of gross cost ${audit.grossCost.toFixed(2)} ${currency} (positive EffectiveCost lines)\n`);
  // Credits carry no resource tags; shown apart when they move the bill, never inside a share.
  if (audit.credits.material) {
    process.stdout.write(
      `Credits and refunds ${audit.credits.cost.toFixed(2)} (${pct(audit.credits.shareOfGross)} of gross), net cost ${audit.netCost.toFixed(2)}\n`,
    );
  }
  process.stdout.write('\n');
  printTable(
    [
      ...audit.keys.map((k) => ({ tag: k.key, cost: pct(k.costShare), resources: pct(k.resourceShare) })),
      { tag: '(all required)', cost: pct(audit.compliant.costShare), resources: pct(audit.compliant.resourceShare) },
    ],
    ['tag', 'cost', 'resources'],
  );
  process.stdout.write('\nTop untagged spend\n');
  printTable(
    audit.topUntagged.map((u) => ({
      resource: u.resourceId,
      service: u.service ?? '',
      account: u.subAccount ?? '',
      missing: u.missing.join(','),
      cost: u.effectiveCost.toFixed(2),
    })),
    ['resource', 'service', 'account', 'missing', 'cost'],
  );
  process.stdout.write('\nOffenders per account\n');
  printTable(
    audit.offendersByAccount.map((o) => ({ account: o.subAccount ?? '', untaggedCost: o.untaggedCost.toFixed(2), untaggedResources: o.untaggedResources })),
    ['account', 'untaggedCost', 'untaggedResources'],
  );
  if (audit.exceptions.length > 0) {
    process.stdout.write('\nTag exceptions (expired ones are no longer honoured)\n');
    printTable(
      audit.exceptions.map((e) => ({
        key: e.key,
        scope: Object.entries(e.scope)
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
        status: e.status,
        expires: e.expires,
        reason: e.reason,
        cost: e.cost.toFixed(2),
      })),
      ['key', 'scope', 'status', 'expires', 'reason', 'cost'],
    );
  }
  // Variants that disagree decide nothing by order: exclusion and production take the safe reading, and owners are all told.
  if (audit.conflicts.length > 0) {
    process.stdout.write('\nConflicting tag variants (keep one spelling)\n');
    printTable(
      audit.conflicts.map((c) => ({ resource: c.resourceId, tag: c.key, variants: c.variants.join(', '), cost: c.effectiveCost.toFixed(2) })),
      ['resource', 'tag', 'variants', 'cost'],
    );
  }
}
