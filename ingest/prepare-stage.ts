import { literal, type Warehouse } from '../warehouse/index.js';
import { ColumnSet } from './column-set.js';
import type { FileProgress } from './file-progress.js';
import { containerOf } from './container.js';
import { stageCsv } from './csv-fallback.js';
import { readCsvHeader } from './csv-header.js';
import { checkCsvShape } from './csv-peek.js';
import { chooseNormalizer } from './formats.js';
import type { Normalizer, SourceFormat } from './normalizer.js';
import { installParsingMacros, type DateLayout } from './sql-macros.js';
import { readerSql, sourceColumns, stageSource, type SourceColumn } from './stage.js';
import { validateStage } from './validate.js';

export interface PreparedStage {
  normalizer: Normalizer;
  columns: ColumnSet;
  /** the SELECT that maps tg_stage to FOCUS rows */
  selectSql: string;
  records: number;
}

/**
 * Reads one source file into the staging table and checks it: shape, layout, numbers, dates, currencies.
 * Only the columns the mapping uses are staged, which keeps memory near the size of those columns.
 */
export async function prepareStage(
  db: Warehouse,
  file: string,
  format: SourceFormat | 'auto',
  progress?: FileProgress,
  dateLayout?: DateLayout,
): Promise<PreparedStage> {
  const container = containerOf(file);
  if (container === 'csv') await checkCsvShape(file);
  const layout = container === 'csv' ? { header: await readCsvHeader(file) } : undefined;
  const probe = await sourceColumns(db.connection, file, readerSql(file, container, [], layout));
  const columns = new ColumnSet(probe.map((c) => c.name));
  const normalizer = chooseNormalizer(file, columns, format);
  const layoutOfDates = dateLayout ?? normalizer.dateLayout ?? 'iso';
  await installParsingMacros(db.connection, layoutOfDates);
  const selectSql = normalizer.select(columns);
  normalizer.invoiceTotals(columns);
  for (const name of [...normalizer.numeric, ...normalizer.timestamps, ...normalizer.tagObjects]) columns.ref(name);
  const wanted = new Set(columns.usedColumns());
  const staged = probe.filter((c) => wanted.has(c.name)).map((c) => (container === 'csv' ? c : withNullStrings(c, normalizer.nullStrings)));
  progress?.report('read', 0);
  const records = layout
    ? await stageCsv(db.connection, file, layout, normalizer.nullStrings, staged, progress?.tracking('read'))
    : await stageSource(db.connection, file, readerSql(file, container, normalizer.nullStrings), staged, progress?.tracking('read'));
  progress?.read(records);
  await validateStage(db.connection, file, normalizer, columns, progress?.tracking('check'), layoutOfDates);
  progress?.report('check', 1);
  return { normalizer, columns, selectSql, records };
}

/**
 * The layout's null spellings (FOCUS samples write NULL) mean null in every container: read_csv applies
 * them itself; a Parquet or JSON copy of such a CSV keeps them as text, so staging applies them here.
 */
function withNullStrings(column: SourceColumn, nullStrings: readonly string[]): SourceColumn {
  if (nullStrings.length === 0) return column;
  return { name: column.name, expr: `CASE WHEN ${column.expr} IN (${nullStrings.map(literal).join(', ')}) THEN NULL ELSE ${column.expr} END` };
}
