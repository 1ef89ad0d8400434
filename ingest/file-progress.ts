import type { ProgressTracking } from '../warehouse/index.js';
import { fileFraction, type IngestPhase, type IngestProgress, type IngestProgressListener } from './progress.js';

/** Reports one file's passes to a listener: throttled, and never backwards. */
export class FileProgress {
  private totalRows: number | undefined;
  private lastFraction = -1;
  private lastPhase: IngestPhase | undefined;
  private lastAt = 0;

  constructor(
    private readonly file: string,
    private readonly fileBytes: number,
    private readonly listener: IngestProgressListener,
    readonly everyMs: number,
  ) {}

  /**
   * A pass is `within` (0..1) of the way through. Its start and end always reach the listener; in
   * between, at most one report per period, so per-chunk callers cost a clock read and nothing more.
   */
  report(phase: IngestPhase, within: number): void {
    const fraction = fileFraction(phase, within);
    if (fraction < this.lastFraction || (fraction === this.lastFraction && phase === this.lastPhase)) return;
    const now = Date.now();
    const boundary = within <= 0 || within >= 1;
    if (!boundary && now - this.lastAt < this.everyMs) return;
    this.lastFraction = fraction;
    this.lastPhase = phase;
    this.lastAt = now;
    const counted =
      phase === 'hash' || phase === 'read'
        ? { bytes: Math.round(within * this.fileBytes), rows: 0 }
        : { bytes: this.fileBytes, rows: Math.round(within * (this.totalRows ?? 0)) };
    this.emit({ phase, ...counted, fraction });
  }

  /** The file has been read: from here on, passes count its records. */
  read(records: number): void {
    this.totalRows = records;
    this.report('read', 1);
  }

  /** DuckDB's meter for one statement, reported as the given pass. */
  tracking(phase: IngestPhase): ProgressTracking {
    return { everyMs: this.everyMs, report: ({ fraction }) => this.report(phase, fraction) };
  }

  done(rows: number): void {
    this.lastFraction = 1;
    this.emit({ phase: 'done', bytes: this.fileBytes, rows, fraction: 1 });
  }

  private emit(progress: Omit<IngestProgress, 'file' | 'fileBytes' | 'totalRows'>): void {
    this.listener({ file: this.file, fileBytes: this.fileBytes, totalRows: this.totalRows, ...progress });
  }
}
