import { alreadyIngested, loadFile, queryRows, type Warehouse } from '../warehouse/index.js';
import { statSync } from 'node:fs';
import { sha256OfFile } from './file-digest.js';
import { FileProgress } from './file-progress.js';
import type { SourceFormat } from './normalizer.js';
import { prepareStage } from './prepare-stage.js';
import { DEFAULT_PROGRESS_EVERY_MS, type IngestProgressListener } from './progress.js';
import type { DateLayout } from './sql-macros.js';
import { dropStage } from './stage.js';

export interface IngestOptions {
  format: SourceFormat | 'auto';
  /** normalized tag key → source keys (policy tags.aliases) */
  tagAliases: Record<string, readonly string[]>;
  /** told how far the file is, from inside each pass; without one, nothing is measured */
  onProgress?: IngestProgressListener;
  /** at most one report per this many ms within a pass (default 200) */
  progressEveryMs?: number;
  /** the order of day and month in dates with slashes, when the user knows it (default: the layout's own) */
  dateLayout?: DateLayout;
}

export interface FileIngestResult {
  file: string;
  format: string;
  status: 'loaded' | 'unchanged';
  ingestId: string;
  /** FOCUS rows the file yields (GCP credits add rows) */
  rows: number;
  /** rows an earlier version of the same path held, now replaced */
  replacedRows: number;
}

/** One file → FOCUS rows in the warehouse: all of it, or (on any error) nothing. */
export async function ingestFile(db: Warehouse, file: string, options: IngestOptions): Promise<FileIngestResult> {
  const progress = options.onProgress && new FileProgress(file, statSync(file).size, options.onProgress, options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS);
  progress?.report('hash', 0);
  const sha256 = await sha256OfFile(file, progress && ((bytes) => progress.hashed(bytes)));
  const previous = await alreadyIngested(db, sha256);
  if (previous) {
    const [row] = await queryRows(db, `SELECT format FROM ingest_files WHERE ingest_id = $1`, [previous.ingestId]);
    progress?.done(previous.rows);
    return { file, format: String(row?.format), status: 'unchanged', ingestId: previous.ingestId, rows: previous.rows, replacedRows: 0 };
  }
  try {
    const { normalizer, selectSql } = await prepareStage(db, file, options.format, progress, options.dateLayout);
    progress?.report('load', 0);
    const tracking = progress?.tracking('load');
    const result = await loadFile(db, { sourceFile: file, sha256, format: normalizer.format, selectSql, tagAliases: options.tagAliases, tracking });
    progress?.report('load', 1);
    progress?.done(result.rows);
    return { file, format: normalizer.format, ...result };
  } finally {
    await dropStage(db.connection);
  }
}
