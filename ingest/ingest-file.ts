import { traced } from '../core/index.js';
import { ingestedDigests, loadFile, type ReplacedRows, type Warehouse } from '../warehouse/index.js';
import { statSync } from 'node:fs';
import { sha256OfFile } from './file-digest.js';
import { FileProgress } from './file-progress.js';
import type { SourceFormat } from './normalizer.js';
import { prepareStage, type PreparedStage } from './prepare-stage.js';
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
  /** the name the rows are held under (default: the path); a new version under the same name replaces them */
  sourceName?: string;
  /** a billing landing: the rows also replace what other names hold for the billing periods they restate (warehouse/period-replacement.ts) */
  replacePeriods?: boolean;
}

export interface FileIngestResult {
  file: string;
  format: string;
  status: 'loaded' | 'unchanged';
  ingestId: string;
  /** the file's SHA-256: its identity */
  sha256?: string;
  /** FOCUS rows the file yields (GCP credits add rows) */
  rows: number;
  /** rows an earlier version of the same path held, now replaced (with replacePeriods, also the restated periods' rows under other names) */
  replacedRows: number;
  /** rows of other names replaced, by name (replacePeriods only) */
  replaced: ReplacedRows[];
  /** unchanged: the name the same content is held under (it may be another name) */
  heldAs?: string;
}

/** One file → FOCUS rows in the warehouse, in a span of its own. */
export function ingestFile(db: Warehouse, file: string, options: IngestOptions): Promise<FileIngestResult> {
  return traced(
    'tollgate-ingest',
    'tollgate.ingest.file',
    { 'tollgate.ingest.file': file, 'tollgate.ingest.requested_format': options.format },
    async (span) => {
      const result = await ingestOne(db, file, options);
      span.setAttributes({ 'tollgate.ingest.format': result.format, 'tollgate.ingest.status': result.status, 'tollgate.ingest.rows': result.rows });
      return result;
    },
  );
}

/**
 * One file → FOCUS rows in the warehouse: all of it, or (on any error) nothing.
 *
 * The file's SHA-256 (its identity: the same bytes again change nothing) is computed while DuckDB
 * stages it, not before: Node hashes on its own thread while DuckDB reads on its threads, so the hash
 * costs no pass of its own and the progress bar never extrapolates from a hashing rate. When the hash
 * names a file already held, the staging is interrupted.
 */
async function ingestOne(db: Warehouse, file: string, options: IngestOptions): Promise<FileIngestResult> {
  const progress = options.onProgress && new FileProgress(file, statSync(file).size, options.onProgress, options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS);
  const held = await ingestedDigests(db);
  const hashing = sha256OfFile(file).then((sha256) => {
    if (held.has(sha256)) db.connection.interrupt();
    return sha256;
  });
  // Read on its own below; this keeps a failed hash from being an unhandled rejection meanwhile.
  hashing.catch(() => undefined);
  try {
    let prepared: PreparedStage;
    try {
      prepared = await prepareStage(db, file, options.format, progress, options.dateLayout);
    } catch (error) {
      const sha256 = await hashing;
      const previous = held.get(sha256);
      if (previous) return unchanged(file, sha256, previous, progress);
      throw error;
    }
    const sha256 = await hashing;
    const previous = held.get(sha256);
    if (previous) return unchanged(file, sha256, previous, progress);
    const { normalizer, selectSql } = prepared;
    progress?.report('load', 0);
    const tracking = progress?.tracking('load');
    const result = await loadFile(db, {
      sourceFile: options.sourceName ?? file,
      sha256,
      format: normalizer.format,
      selectSql,
      tagAliases: options.tagAliases,
      tracking,
      ...(options.replacePeriods ? { replacePeriods: true } : {}),
    });
    progress?.report('load', 1);
    progress?.done(result.rows);
    return { file, format: normalizer.format, sha256, ...result };
  } finally {
    await dropStage(db.connection);
  }
}

function unchanged(
  file: string,
  sha256: string,
  previous: { ingestId: string; rows: number; format: string; sourceFile: string },
  progress: FileProgress | undefined,
): FileIngestResult {
  progress?.done(previous.rows);
  return {
    file,
    format: previous.format,
    status: 'unchanged',
    ingestId: previous.ingestId,
    sha256,
    rows: previous.rows,
    replacedRows: 0,
    replaced: [],
    heldAs: previous.sourceFile,
  };
}
