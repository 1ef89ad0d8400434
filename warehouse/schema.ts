import type { DuckDBConnection } from '@duckdb/node-api';
import { FOCUS_13_COLUMNS, WAREHOUSE_FOCUS_COLUMNS, type FocusColumn } from '../core/index.js';

export const FOCUS_TABLE = 'focus_rows';
export const INGEST_TABLE = 'ingest_files';

/** Money is DECIMAL(38,12): exact sums to the cent and below, far beyond any invoice. */
export const MONEY_TYPE = 'DECIMAL(38,12)';

const SQL_TYPES: Record<FocusColumn['type'], string> = { decimal: MONEY_TYPE, datetime: 'TIMESTAMP', string: 'VARCHAR', json: 'JSON' };

/** Provenance: where each row came from, so every number can be traced back to a file and a record. */
export const PROVENANCE_COLUMNS = [
  ['x_source_file', 'VARCHAR NOT NULL'],
  ['x_source_row', 'BIGINT NOT NULL'],
  // A source record can yield several FOCUS rows (a GCP line and each of its credits): 0 is the record itself.
  ['x_source_part', 'INTEGER NOT NULL'],
  ['x_ingest_id', 'VARCHAR NOT NULL'],
  ['x_format', 'VARCHAR NOT NULL'],
  ['x_tags_raw', 'JSON'],
  ['x_tags', 'JSON'],
] as const;

export function focusTableDdl(): string {
  const focus = WAREHOUSE_FOCUS_COLUMNS.map((c) => `"${c.name}" ${SQL_TYPES[c.type]}`);
  const provenance = PROVENANCE_COLUMNS.map(([name, type]) => `${name} ${type}`);
  return `CREATE TABLE IF NOT EXISTS ${FOCUS_TABLE} (\n  ${[...focus, ...provenance].join(',\n  ')}\n)`;
}

const INGEST_DDL = `CREATE TABLE IF NOT EXISTS ${INGEST_TABLE} (
  ingest_id VARCHAR PRIMARY KEY,
  sha256 VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  rows BIGINT NOT NULL,
  ingested_at TIMESTAMP NOT NULL
)`;

export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(focusTableDdl());
  // Warehouses made before FOCUS 1.3 support gain its columns (NULL on the rows already held).
  for (const c of FOCUS_13_COLUMNS) await connection.run(`ALTER TABLE ${FOCUS_TABLE} ADD COLUMN IF NOT EXISTS "${c.name}" ${SQL_TYPES[c.type]}`);
  await connection.run(INGEST_DDL);
}
