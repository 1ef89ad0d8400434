import { FOCUS_COLUMNS } from '../core/index.js';
import { ident, literal, queryRows, type Warehouse } from './connection.js';
import { periodFilter, periodParams } from './costs-by-group.js';
import { FOCUS_TABLE } from './schema.js';

export const EXPORT_FORMATS = ['parquet', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FocusExportQuery {
  out: string;
  format: ExportFormat;
  /** inclusive, YYYY-MM-DD, on ChargePeriodStart */
  from?: string;
  /** exclusive, YYYY-MM-DD */
  to?: string;
}

/**
 * A FOCUS column as written to a file. Timestamps are UTC wall time in the warehouse, so they go out
 * as ISO 8601 with a Z (FOCUS's DateTimeFormat); in Parquet as TIMESTAMPTZ, which says the same.
 */
function exportExpression(name: string, type: string, format: ExportFormat): string {
  const column = ident(name);
  if (type === 'datetime') return format === 'csv' ? `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ') AS ${column}` : `timezone('UTC', ${column}) AS ${column}`;
  if (type === 'json') return `${column}::VARCHAR AS ${column}`;
  return column;
}

/** The warehouse's FOCUS columns, in specification order, without provenance (`x_`) columns. */
export function focusExportSelect(format: ExportFormat, query: { from?: string; to?: string }): string {
  const columns = FOCUS_COLUMNS.map((c) => exportExpression(c.name, c.type, format));
  return `SELECT ${columns.join(', ')} FROM ${FOCUS_TABLE} WHERE ${periodFilter(query)} ORDER BY ChargePeriodStart, x_source_file, x_source_row, x_source_part`;
}

/** Writes the rows with DuckDB's COPY (no row passes through JavaScript); returns how many were written. */
export async function exportFocus(db: Warehouse, query: FocusExportQuery): Promise<{ rows: number; out: string; format: ExportFormat }> {
  // COPY cannot take a prepared parameter inside its query, so the period bounds are checked and inlined.
  for (const bound of [query.from, query.to]) {
    if (bound !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(bound)) throw new Error(`export: ${JSON.stringify(bound)} is not a date; write YYYY-MM-DD`);
  }
  const select = inlineParams(focusExportSelect(query.format, query), periodParams(query));
  const options = query.format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION zstd`;
  const result = await queryRows(db, `COPY (${select}) TO ${literal(query.out)} (${options})`);
  return { rows: Number(result[0]?.Count ?? 0), out: query.out, format: query.format };
}

function inlineParams(sql: string, params: Record<string, string> | undefined): string {
  let out = sql;
  for (const [name, value] of Object.entries(params ?? {})) out = out.replaceAll(`$${name}`, literal(value));
  return out;
}
