import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, exportFocus, type ExportFormat } from '../../warehouse/index.js';
import { withWarehouse } from '../ingest-db.js';
import { printJson } from '../output.js';

interface ExportOptions {
  out: string;
  format?: ExportFormat;
  from?: string;
  to?: string;
  db?: string;
  json?: boolean;
}

/** The format from --format, else from the file name; anything else is refused rather than guessed. */
function formatFor(opts: ExportOptions): ExportFormat {
  if (opts.format) return opts.format;
  if (/\.csv$/i.test(opts.out)) return 'csv';
  if (/\.parquet$/i.test(opts.out)) return 'parquet';
  throw new Error(`export focus: cannot tell the format from ${JSON.stringify(opts.out)}; name the file .parquet or .csv, or pass --format parquet|csv`);
}

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('write warehouse data for other tools');
  exportCommand
    .command('focus')
    .description('the warehouse as a FOCUS 1.2 file (FOCUS columns only, no x_ provenance) for BI tools and the FOCUS validator')
    .requiredOption('--out <file>', 'file to write (replaced if it exists)')
    .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices([...EXPORT_FORMATS]))
    .option('--from <date>', 'first day, inclusive (YYYY-MM-DD, on ChargePeriodStart)')
    .option('--to <date>', 'last day, exclusive (YYYY-MM-DD)')
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--json', 'print JSON')
    .action(async (opts: ExportOptions) => {
      const format = formatFor(opts);
      const result = await withWarehouse(opts.db, (db) =>
        exportFocus(db, { out: opts.out, format, ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) }),
      );
      if (opts.json) return printJson(result);
      process.stdout.write(`wrote ${result.rows} FOCUS rows to ${result.out} (${result.format})\n`);
    });
}
