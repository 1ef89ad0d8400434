import cliProgress from 'cli-progress';
import type { DetectionProgress } from './detect-anomalies.js';
import { detectionTimingLine } from './detect-progress-lines.js';

/**
 * The bar `tollgate detect anomalies` draws on a terminal's stderr: first DuckDB reading the
 * daily cells (its own progress meter), then the series scanned, with their rate.
 */
export class DetectProgressBar {
  private readonly bar = new cliProgress.SingleBar(
    { format: 'detect {bar} {percentage}% | ETA {eta_formatted} | {detail}', etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  private phase: DetectionProgress['phase'] = 'read';
  private scanStartedAt = 0;

  constructor() {
    this.bar.start(100, 0, { detail: 'reading daily cost cells' });
  }

  /** where the time went, printed once the bar is gone */
  private timing: string | undefined;

  readonly update = (p: DetectionProgress): void => {
    if (p.phase === 'done') {
      this.timing = detectionTimingLine(p);
      return;
    }
    if (p.phase === 'read') {
      this.bar.update(Math.round(p.fraction * 100), { detail: 'reading daily cost cells' });
      return;
    }
    if (this.phase === 'read') {
      this.phase = 'scan';
      this.scanStartedAt = Date.now();
      this.bar.setTotal(Math.max(1, p.total));
    }
    const seconds = Math.max((Date.now() - this.scanStartedAt) / 1000, 0.001);
    this.bar.update(p.done, {
      detail: `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} series, ${Math.round(p.done / seconds).toLocaleString('en-US')} series/s`,
    });
  };

  stop(): void {
    this.bar.stop();
    if (this.timing) process.stderr.write(`${this.timing}\n`);
  }
}
