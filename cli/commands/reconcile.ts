import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { DATE_LAYOUTS, reconcileFile, SOURCE_FORMATS, type SourceFormat, type DateLayout } from '../../ingest/index.js';
import { withWarehouse } from '../ingest-db.js';
import { printJson, printTable } from '../output.js';

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description("compare a source file's own invoice totals (by billing period, account, currency) with the warehouse; exit 1 beyond 0.01%")
    .argument('<path>', 'the billing export that was ingested')
    .addOption(new Option('--format <format>', 'source layout').choices(['auto', ...SOURCE_FORMATS]).default('auto'))
    .addOption(
      new Option('--date-layout <layout>', "order of day and month in dates written with slashes (default: ISO 8601 only, Azure's month/day/year)").choices([
        ...DATE_LAYOUTS,
      ]),
    )
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--json', 'print JSON')
    .action(async (path: string, opts: { format: SourceFormat | 'auto'; dateLayout?: DateLayout; db?: string; json?: boolean }) => {
      // `tollgate ingest` records absolute paths (expandPaths); a relative one here would match no rows.
      const report = await withWarehouse(opts.db, (db) => reconcileFile(db, resolve(path), opts.format, opts.dateLayout));
      if (!report.ok) process.exitCode = 1;
      if (opts.json) return printJson(report);
      printTable(
        report.lines.map((l) => ({
          period: l.billingPeriod ?? '',
          account: l.billingAccount ?? '',
          currency: l.currency ?? '',
          source: l.source.toFixed(6),
          warehouse: l.warehouse.toFixed(6),
          difference: l.difference.toFixed(6),
          status: l.ok ? 'ok' : 'MISMATCH',
        })),
        ['period', 'account', 'currency', 'source', 'warehouse', 'difference', 'status'],
      );
      process.stderr.write(report.ok ? 'reconciled: totals agree within 0.01%\n' : 'NOT reconciled: see the MISMATCH lines above\n');
    });
}
