import { Option, type Command } from 'commander';
import { DATE_LAYOUTS, expandPaths, ingestFile, SOURCE_FORMATS, type FileIngestResult, type SourceFormat, type DateLayout } from '../../ingest/index.js';
import { totalsByCurrency } from '../../warehouse/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { withWarehouse } from '../ingest-db.js';
import { IngestProgressBar } from '../ingest-progress-bar.js';
import { log } from '../../runtime/logger.js';
import { printJson, printTable } from '../output.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('load billing exports (FOCUS, AWS CUR and CUR 2.0, Azure cost details, GCP BigQuery export) as FOCUS 1.2 rows')
    .argument('<paths...>', 'files, folders or globs')
    .addOption(new Option('--format <format>', 'source layout; auto sniffs it from the header').choices(['auto', ...SOURCE_FORMATS]).default('auto'))
    .addOption(
      new Option('--date-layout <layout>', "order of day and month in dates written with slashes (default: ISO 8601 only, Azure's month/day/year)").choices([
        ...DATE_LAYOUTS,
      ]),
    )
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--json', 'print JSON')
    .action(async (paths: string[], opts: { format: SourceFormat | 'auto'; dateLayout?: DateLayout; db?: string; json?: boolean }) => {
      const files = expandPaths(paths);
      const aliases = loadPolicy(runtimeConfig().policyPath).tags.aliases;
      // A bar only for a person watching: not with --json, not when stderr is a file or a pipe.
      const bar = process.stderr.isTTY && !opts.json ? new IngestProgressBar(files) : undefined;
      const results: FileIngestResult[] = [];
      await withWarehouse(opts.db, async (db) => {
        try {
          for (const file of files) {
            const result = await ingestFile(db, file, { format: opts.format, tagAliases: aliases, onProgress: bar?.update, dateLayout: opts.dateLayout });
            log.info({ file, format: result.format, status: result.status, rows: result.rows }, 'ingested');
            results.push(result);
          }
        } finally {
          bar?.stop();
        }
        const totals = await totalsByCurrency(
          db,
          results.map((r) => r.ingestId),
        );
        const summary = {
          files: results.length,
          rows: results.reduce((n, r) => n + r.rows, 0),
          formats: Object.fromEntries([...new Set(results.map((r) => r.format))].map((f) => [f, results.filter((r) => r.format === f).length])),
          totalsByCurrency: totals,
          results,
        };
        if (opts.json) return printJson(summary);
        printTable(
          results.map((r) => ({ file: r.file, format: r.format, status: r.status, rows: r.rows })),
          ['file', 'format', 'status', 'rows'],
        );
        printTable(
          totals.map((t) => ({ currency: t.currency ?? '', billedCost: t.billedCost.toFixed(2), effectiveCost: t.effectiveCost.toFixed(2), rows: t.rows })),
          ['currency', 'billedCost', 'effectiveCost', 'rows'],
        );
      });
    });
}
