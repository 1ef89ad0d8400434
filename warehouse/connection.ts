import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { ensureSchema } from './schema.js';

/** An open warehouse: one DuckDB file and one connection to it. */
export interface Warehouse {
  readonly path: string;
  readonly connection: DuckDBConnection;
  close(): void;
}

export type SqlRow = Record<string, unknown>;

export interface OpenOptions {
  /** DuckDB's own cap on the memory it uses; larger work spills to a temp directory beside the file. */
  memoryLimit?: string;
  /** open the file read-only: no schema is created, nothing can be written (start-up checks) */
  readOnly?: boolean;
}

export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path, {
    memory_limit: options.memoryLimit ?? '2GB',
    ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}),
  });
  const connection = await instance.connect();
  // Billing timestamps are stored as UTC wall time; the session zone must not shift them.
  await connection.run(`SET TimeZone = 'UTC'`);
  if (!options.readOnly) await ensureSchema(connection);
  return {
    path,
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows as plain JSON-friendly objects: decimals and big integers come back as numbers. */
export async function queryRows(db: Warehouse | DuckDBConnection, sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<SqlRow[]> {
  const connection = isWarehouse(db) ? db.connection : db;
  return plainRows(await connection.runAndReadAll(sql, params));
}

/** A fully read result as plain rows (see queryRows). */
export function plainRows(reader: DuckDBResultReader): SqlRow[] {
  return reader.getRowObjectsJS().map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainValue(v)])));
}

function isWarehouse(db: Warehouse | DuckDBConnection): db is Warehouse {
  return typeof (db as Warehouse).path === 'string' && typeof (db as Warehouse).close === 'function';
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && 'toDouble' in value && typeof value.toDouble === 'function') return value.toDouble() as number;
  return value;
}

/** Quote an identifier for DuckDB SQL (column names like `lineItem/UnblendedCost`). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for DuckDB SQL. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
