import { describe, expect, it } from 'vitest';
import type { DetectionProgress } from '../../cli/detect-anomalies.js';
import { DetectProgressLines } from '../../cli/detect-progress-lines.js';

/** A clock the test moves by hand: the reporter's throttle is about elapsed time, never the date. */
function reporter(everyMs = 1000) {
  const lines: string[] = [];
  let now = 0;
  const lines$ = new DetectProgressLines(
    (l) => lines.push(l),
    everyMs,
    () => now,
  );
  return { lines, update: lines$.update, advance: (ms: number) => (now += ms) };
}

describe('detect anomalies progress as plain lines (stderr not a terminal)', () => {
  it('announces each step, throttles the lines in between and ends with where the time went', () => {
    const r = reporter(1000);
    const events: [number, DetectionProgress][] = [
      [0, { phase: 'read', fraction: 0.1 }],
      [200, { phase: 'read', fraction: 0.5 }],
      [1200, { phase: 'read', fraction: 0.9 }],
      [100, { phase: 'read', fraction: 1, cells: 1_234_567, readMs: 1500 }],
      [0, { phase: 'scan', done: 256, total: 1024 }],
      [300, { phase: 'scan', done: 512, total: 1024 }],
      [1000, { phase: 'scan', done: 768, total: 1024 }],
      [100, { phase: 'scan', done: 1024, total: 1024 }],
      [50, { phase: 'done', cells: 1_234_567, series: 1024, readMs: 1500, timings: { sliceMs: 400, scanMs: 1400, rootCauseMs: 300, groupMs: 60 } }],
    ];
    for (const [ms, p] of events) {
      r.advance(ms);
      r.update(p);
    }
    expect(r.lines).toEqual([
      'detect: reading daily cost cells from the warehouse',
      'detect: reading 90%',
      'detect: read 1,234,567 daily cost cells in 1.5 s',
      'detect: scanned 256/1,024 series',
      'detect: scanned 768/1,024 series, 591 series/s',
      'detect: scanned 1,024/1,024 series, 731 series/s',
      'detect: 3.7 s: read 1,234,567 daily cells 1.5 s (DuckDB), slice 0.4 s, scan 1,024 series 1.4 s (731 series/s, main thread), root causes 0.3 s, grouping 0.1 s',
    ]);
  });
});

describe('the timing line says where the series scan ran', () => {
  it('names the worker threads when the scan used them', () => {
    const r = reporter(1000);
    const timings = { sliceMs: 400, scanMs: 1000, rootCauseMs: 300, groupMs: 60, threads: 2 };
    r.update({ phase: 'done', cells: 1000, series: 5000, readMs: 100, timings });
    expect(r.lines.at(-1)).toContain('scan 5,000 series 1.0 s (5,000 series/s, 2 worker threads)');
  });
});
