import type { DetectionProgress } from './detect-anomalies.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One line saying where a detection's time went: the warehouse read, then each step of the detector. */
export function detectionTimingLine(p: Extract<DetectionProgress, { phase: 'done' }>): string {
  const t = p.timings;
  const total = p.readMs + t.sliceMs + t.scanMs + t.rootCauseMs + t.groupMs;
  return (
    `detect: ${s(total)}: read ${n(p.cells)} daily cells ${s(p.readMs)} (DuckDB), slice ${s(t.sliceMs)}, ` +
    `scan ${n(p.series)} series ${s(t.scanMs)} (${n(p.series / Math.max(t.scanMs / 1000, 0.001))} series/s, ${t.threads ? `${t.threads} worker threads` : 'main thread'}), ` +
    `root causes ${s(t.rootCauseMs)}, grouping ${s(t.groupMs)}`
  );
}

/**
 * Progress of `tollgate detect anomalies` as plain lines on stderr, for logs and pipes where a bar
 * would be noise: a line when a step starts, one every `everyMs` while it runs, and where the time went.
 */
export class DetectProgressLines {
  private lastLineAt = -Infinity;
  private scanStartedAt = 0;
  private phase: DetectionProgress['phase'] | undefined;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly everyMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  readonly update = (p: DetectionProgress): void => {
    const entering = p.phase !== this.phase;
    this.phase = p.phase;
    if (p.phase === 'read') {
      if (p.cells !== undefined) {
        this.scanStartedAt = this.now(); // the scan starts as the read ends
        this.line(`detect: read ${n(p.cells)} daily cost cells in ${s(p.readMs ?? 0)}`, true);
      } else this.line(entering ? 'detect: reading daily cost cells from the warehouse' : `detect: reading ${Math.round(p.fraction * 100)}%`, entering);
    } else if (p.phase === 'scan') {
      const seconds = (this.now() - this.scanStartedAt) / 1000;
      // a rate over less than a second says more about the timer than the scan
      const rate = seconds >= 1 ? `, ${n(p.done / seconds)} series/s` : '';
      this.line(`detect: scanned ${n(p.done)}/${n(p.total)} series${rate}`, entering || p.done === p.total);
    } else this.line(detectionTimingLine(p), true);
  };

  private line(text: string, always: boolean): void {
    const at = this.now();
    if (!always && at - this.lastLineAt < this.everyMs) return;
    this.lastLineAt = at;
    this.write(text);
  }
}
