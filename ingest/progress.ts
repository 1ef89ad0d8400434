/**
 * The passes one file goes through, in order. read counts source bytes (rows are not known until the
 * file is read); check and load count staged records; done carries the FOCUS rows loaded. `hash` is
 * no longer reported: the file is hashed while it is read (ingest-file.ts).
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
 * Each pass's share of one file's ingest time, measured on a 500,000-row legacy CUR (read 8.1 s,
 * check 1.0 s, load 21.7 s; the hash runs during the read). Only the shape of the ETA depends on these.
 */
const PHASE_SPAN: Record<IngestPhase, [start: number, width: number]> = {
  hash: [0, 0],
  read: [0, 0.26],
  check: [0.26, 0.04],
  load: [0.3, 0.7],
  done: [1, 0],
};

/** Where a pass that is `within` (0..1) of the way through stands in the file's whole ingest. */
export function fileFraction(phase: IngestPhase, within: number): number {
  const [start, width] = PHASE_SPAN[phase];
  return start + width * Math.min(Math.max(within, 0), 1);
}
