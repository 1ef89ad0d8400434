import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, ident, literal, queryRows, queryRowsTracked, type ProgressTracking } from '../warehouse/index.js';
import type { Container } from './container.js';

/** The staging table: one source file's records as text, in file order (rowid + 1 is the record number). */
export const STAGE_TABLE = 'tg_stage';

export interface SourceColumn {
  /** flattened name: nested fields joined with dots, as BigQuery's CSV flattening names them */
  name: string;
  /** SQL giving the value as VARCHAR */
  expr: string;
}

/** How a CSV is read: the header as an RFC 4180 parser read it; `full` when every record is as wide as the header. */
export interface CsvLayout {
  header: readonly string[];
  full?: boolean;
}

export function readerSql(path: string, container: Container, nullStrings: readonly string[], csv?: CsvLayout): string {
  const file = literal(path);
  if (container === 'parquet') return `read_parquet(${file})`;
  if (container === 'jsonl') return `read_json(${file}, format = 'newline_delimited', records = true, maximum_object_size = 16777216)`;
  const nulls = `[${['', ...nullStrings].map(literal).join(', ')}]`;
  // Every CSV is read as text with a fixed dialect: numbers and dates are parsed later, where errors can
  // name the record. With the header known, DuckDB's sniffer (which refuses some valid files) never runs.
  const columns = csv?.header.length
    ? `auto_detect = false, columns = {${csv.header.map((name) => `${literal(name)}: 'VARCHAR'`).join(', ')}}`
    : 'all_varchar = true';
  return `read_csv(${file}, header = true, ${columns}, delim = ',', quote = '"', escape = '"', null_padding = ${csv?.full ? 'false' : 'true'}, nullstr = ${nulls}, max_line_size = 8388608)`;
}

/** Splits a DuckDB STRUCT(...) type into its fields; names may be quoted. */
export function structFields(type: string): { name: string; type: string }[] {
  const inner = type.slice(type.indexOf('(') + 1, type.lastIndexOf(')'));
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of inner) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth += 1;
    if (!quoted && ch === ')') depth -= 1;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts.map((part) => {
    const match = /^("(?:[^"]|"")*"|\S+)\s+(.*)$/s.exec(part);
    const rawName = match?.[1] ?? part;
    const name = rawName.startsWith('"') ? rawName.slice(1, -1).replaceAll('""', '"') : rawName;
    return { name, type: match?.[2] ?? 'VARCHAR' };
  });
}

function flatten(name: string, expr: string, type: string): SourceColumn[] {
  if (type.startsWith('STRUCT(') && !type.endsWith('[]'))
    return structFields(type).flatMap((f) => flatten(`${name}.${f.name}`, `${expr}.${ident(f.name)}`, f.type));
  // Lists and maps (GCP credits and labels, CUR 2.0 product and resource_tags) become JSON text.
  if (type.startsWith('MAP(') || type.endsWith('[]') || type.startsWith('LIST') || type === 'JSON') return [{ name, expr: `to_json(${expr})::VARCHAR` }];
  return [{ name, expr: `CAST(${expr} AS VARCHAR)` }];
}

/** The source's columns, nested ones flattened. Reading errors (bad gzip, broken quotes) name the file. */
export async function sourceColumns(connection: DuckDBConnection, path: string, reader: string): Promise<SourceColumn[]> {
  const described = await guarded(path, () => queryRows(connection, `DESCRIBE SELECT * FROM ${reader}`));
  return described.flatMap((c) => flatten(String(c.column_name), ident(String(c.column_name)), String(c.column_type)));
}

export async function stageSource(
  connection: DuckDBConnection,
  path: string,
  reader: string,
  columns: readonly SourceColumn[],
  tracking?: ProgressTracking,
): Promise<number> {
  const list = columns.map((c) => `${c.expr} AS ${ident(c.name)}`).join(', ');
  const sql = `CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} AS SELECT ${list || '1 AS tg_empty'} FROM ${reader}`;
  await guarded(path, () => queryRowsTracked(connection, sql, tracking));
  const [count] = await queryRows(connection, `SELECT count(*) AS n FROM ${STAGE_TABLE}`);
  return Number(count?.n ?? 0);
}

export async function dropStage(connection: DuckDBConnection): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS ${STAGE_TABLE}`);
}

/** DuckDB refused to read the source; `reason` is its own first line. */
export class SourceReadError extends DataError {
  constructor(
    readonly reason: string,
    file: string,
    row: number | undefined,
  ) {
    super(`cannot be read as its format: ${reason}`, { file, row }, 'The file may be truncated, corrupt, or not what its name says');
  }
}

async function guarded<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const line = /line[: ]+(\d+)/i.exec(message)?.[1];
    throw new SourceReadError(message.split('\n')[0] ?? message, path, line ? Math.max(Number(line) - 1, 0) : undefined);
  }
}
