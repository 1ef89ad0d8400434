/**
 * The passes one file goes through, in order. hash and read count source bytes (rows are not known
 * until the file is read); check and load count staged records; done carries the FOCUS rows loaded.
 */
export type IngestPhase = 'hash' | 'read' | 'check' | 'load' | 'done';

/** One report about the file being ingested. Within a file, `fraction` never goes down. */
export interface IngestProgress {
  file: string;
  phase: IngestPhase;
  /** size on disk (the compressed size of a .gz) */
  fileBytes: number;
  /** hash, read: source bytes consumed so far (read: DuckDB's own meter, an estimate for Parquet) */
  bytes: number;
  /** check, load: staged records processed so far; done: FOCUS rows loaded (GCP credits add rows) */
  rows: number;
  /** records in the file, once it has been read */
  totalRows?: number;
  /** share of this file's work done, 0..1, weighting each pass by its usual share of the time */
  fraction: number;
}

export type IngestProgressListener = (progress: IngestProgress) => void;

/** Sampling period unless the caller asks otherwise: a bar redraws about this often anyway. */
export const DEFAULT_PROGRESS_EVERY_MS = 200;

/**
 * Each pass's share of one file's ingest time, measured on a 500,000-row legacy CUR (hash 0.75 s,
 * read 5.7 s, check 7.6 s, load 15 s). Only the shape of the ETA depends on these.
 */
const PHASE_SPAN: Record<IngestPhase, [start: number, width: number]> = {
  hash: [0, 0.03],
  read: [0.03, 0.2],
  check: [0.23, 0.27],
  load: [0.5, 0.5],
  done: [1, 0],
};

/** Where a pass that is `within` (0..1) of the way through stands in the file's whole ingest. */
export function fileFraction(phase: IngestPhase, within: number): number {
  const [start, width] = PHASE_SPAN[phase];
  return start + width * Math.min(Math.max(within, 0), 1);
}
