import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { plainRows, type SqlRow } from './connection.js';

/** How far DuckDB is through one running statement. */
export interface QueryProgress {
  /** 0..1 of the work DuckDB can measure: bytes for a CSV or JSON scan, rows for a table scan */
  fraction: number;
}

export interface ProgressTracking {
  report: (progress: QueryProgress) => void;
  /** how often the running statement is sampled */
  everyMs: number;
}

/**
 * Runs one statement and samples DuckDB's own progress meter on a timer while it runs. The statement
 * runs on DuckDB's threads, so sampling from the event loop costs one native call per tick however
 * many rows pass. Without tracking, this is a plain query.
 */
export async function queryRowsTracked(
  connection: DuckDBConnection,
  sql: string,
  tracking: ProgressTracking | undefined,
  params?: DuckDBValue[],
): Promise<SqlRow[]> {
  if (!tracking) return plainRows(await connection.runAndReadAll(sql, params));
  await connection.run(`SET enable_progress_bar = true`);
  // DuckDB would otherwise draw its own bar on stdout, where --json output goes.
  await connection.run(`SET enable_progress_bar_print = false`);
  // Pending first, sampled after: the meter belongs to this statement, not to the one before it.
  const pending = await connection.start(sql, params);
  let last = 0;
  const timer = setInterval(() => {
    const percentage = connection.progress.percentage;
    if (percentage > last) {
      last = percentage;
      tracking.report({ fraction: Math.min(percentage / 100, 1) });
    }
  }, tracking.everyMs);
  try {
    return plainRows(await pending.readAll());
  } finally {
    clearInterval(timer);
  }
}
