import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, type ProgressTracking } from '../warehouse/index.js';
import { rewriteCsv } from './csv-rewrite.js';
import { readerSql, SourceReadError, stageSource, type CsvLayout, type SourceColumn } from './stage.js';

/**
 * Stages a CSV with DuckDB's parallel reader; when DuckDB refuses a file (its strict reader rejects
 * some valid RFC 4180 files, such as line breaks inside quoted JSON together with short records, or
 * mixed record ends), the tolerant reader rewrites it record for record and DuckDB stages the copy.
 * Errors either reader finds name the source file and record.
 */
export async function stageCsv(
  connection: DuckDBConnection,
  file: string,
  layout: CsvLayout,
  nullStrings: readonly string[],
  columns: readonly SourceColumn[],
  tracking?: ProgressTracking,
): Promise<number> {
  try {
    return await stageSource(connection, file, readerSql(file, 'csv', nullStrings, layout), columns, tracking);
  } catch (refused) {
    // An interrupted read (the file turned out to be held already) is not a refusal to work around.
    if (!(refused instanceof SourceReadError) || layout.header.length === 0 || /interrupt/i.test(refused.reason)) throw refused;
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-csv-'));
    try {
      const copy = join(dir, 'records.csv');
      try {
        await rewriteCsv(file, copy, layout.header.length);
      } catch (error) {
        // The tolerant reader's own findings name the record; anything else (a damaged gzip) is DuckDB's to report.
        throw error instanceof DataError ? error : refused;
      }
      try {
        return await stageSource(connection, copy, readerSql(copy, 'csv', nullStrings, { header: layout.header, full: true }), columns, tracking);
      } catch (error) {
        throw error instanceof SourceReadError ? new SourceReadError(error.reason, file, error.location.row) : error;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
