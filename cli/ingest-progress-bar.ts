import { statSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { IngestPhase, IngestProgress } from '../ingest/index.js';

const MiB = 2 ** 20;
const VERB: Record<IngestPhase, string> = { hash: 'hashing', read: 'reading', check: 'checking', load: 'loading', done: 'done' };

/**
 * One bar for a whole `tollgate ingest` run. Its unit is source bytes, the one size every file has
 * before it is read: the files already done plus the current file's weighted share. The detail shows
 * what the current pass really counts (bytes while reading, rows once the row count is known) and its rate.
 */
export class IngestProgressBar {
  private readonly bar = new cliProgress.SingleBar(
    { format: 'ingest {bar} {percentage}% | ETA {eta_formatted} | {loaded} rows loaded | {file}: {detail}', etaBuffer: 30 },
    cliProgress.Presets.shades_classic,
  );
  private bytesDone = 0;
  private rowsLoaded = 0;
  private pass = { file: '', phase: 'done' as IngestPhase, startedAt: 0 };

  constructor(files: readonly string[]) {
    const total = files.reduce((n, f) => n + statSync(f).size, 0);
    this.bar.start(Math.max(total, 1), 0, { loaded: '0', file: '', detail: '' });
  }

  readonly update = (p: IngestProgress): void => {
    if (p.file !== this.pass.file || p.phase !== this.pass.phase) this.pass = { file: p.file, phase: p.phase, startedAt: Date.now() };
    if (p.phase === 'done') {
      this.bytesDone += p.fileBytes;
      this.rowsLoaded += p.rows;
    }
    const value = p.phase === 'done' ? this.bytesDone : this.bytesDone + p.fraction * p.fileBytes;
    this.bar.update(value, { loaded: this.rowsLoaded.toLocaleString('en-US'), file: basename(p.file), detail: this.detail(p) });
  };

  stop(): void {
    this.bar.stop();
  }

  private detail(p: IngestProgress): string {
    const seconds = Math.max((Date.now() - this.pass.startedAt) / 1000, 0.001);
    if (p.phase === 'done') return `${p.rows.toLocaleString('en-US')} rows`;
    if (p.phase === 'hash' || p.phase === 'read') {
      return `${VERB[p.phase]} ${(p.bytes / MiB).toFixed(0)}/${(p.fileBytes / MiB).toFixed(0)} MiB, ${(p.bytes / MiB / seconds).toFixed(1)} MiB/s`;
    }
    const total = p.totalRows === undefined ? '' : `/${p.totalRows.toLocaleString('en-US')}`;
    return `${VERB[p.phase]} ${p.rows.toLocaleString('en-US')}${total} rows, ${Math.round(p.rows / seconds).toLocaleString('en-US')} rows/s`;
  }
}
