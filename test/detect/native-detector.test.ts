import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { dayNumber, DEFAULT_ANOMALY_OPTIONS, detectSeriesEvents } from '../../detect/anomaly/index.js';
import { nativeDetectorStatus } from '../../detect/anomaly/native-series-detector.js';
import { scriptSeriesEvents } from '../../detect/anomaly/series-detector.js';

/**
 * The native series detector (native/series-detector/): `make test` builds it
 * (scripts/build-native.sh --require), so here it must be the one `detectSeriesEvents` runs.
 * incremental-detector.test.ts holds its events to the reference detector's, bit for bit.
 */
const FIRST_DAY = dayNumber('2025-03-03');
const nativeOff = process.env.TOLLGATE_NATIVE_DETECTOR === '0';

/** A weekday/weekend bill with a step up on day 60 and a one-day spike on day 45. */
function bill(): Float64Array {
  return Float64Array.from({ length: 90 }, (_, d) => (d % 7 >= 5 ? 800 : 1000) * (1 + 0.02 * Math.sin(d * 1.7)) * (d >= 60 ? 1.6 : 1) * (d === 45 ? 2 : 1));
}

describe.skipIf(nativeOff)('the native series detector', () => {
  it('is built and is what detectSeriesEvents runs', () => {
    const status = nativeDetectorStatus();
    expect(status.detail).toMatch(/^native \(.*tollgate-series-detector\.node\)$/);
    expect(status.native).toBe(true);
  });

  it('finds the spike and the step, once each, as the TypeScript scan does', () => {
    const events = detectSeriesEvents(bill(), FIRST_DAY, DEFAULT_ANOMALY_OPTIONS);
    // The step is one event: the day it is confirmed, the CUSUM does not fire a second one
    // against the old baseline and leave the next day judged against an empty window.
    expect(events.map((e) => [e.index, e.method])).toEqual([
      [45, 'seasonal-mad'],
      [60, 'level-shift'],
    ]);
    expect(events).toEqual(scriptSeriesEvents(bill(), FIRST_DAY, DEFAULT_ANOMALY_OPTIONS));
  });

  it('refuses options it cannot read, naming the option', () => {
    expect(() => detectSeriesEvents(bill(), FIRST_DAY, { ...DEFAULT_ANOMALY_OPTIONS, levelWindowDays: 2.5 })).toThrow(/levelWindowDays must be a whole number/);
  });

  it('gives the same events on worker threads (each thread keeps its own buffers)', async () => {
    const run = () =>
      new Promise<{ native: boolean; events: unknown }>((resolve, reject) => {
        const worker = new Worker(new URL('../support/native-detector-worker.mjs', import.meta.url), {
          workerData: { values: [...bill()], firstDay: FIRST_DAY },
        });
        worker.once('message', (m) => void worker.terminate().then(() => resolve(m)));
        worker.once('error', reject);
      });
    const [a, b] = await Promise.all([run(), run()]);
    const here = detectSeriesEvents(bill(), FIRST_DAY, DEFAULT_ANOMALY_OPTIONS);
    expect(a).toEqual({ native: true, events: here });
    expect(b).toEqual({ native: true, events: here });
  });
});

describe('switching the native detector off', () => {
  it('runs the TypeScript scan with TOLLGATE_NATIVE_DETECTOR=0 and says so', () => {
    const script = `
      const { nativeDetectorStatus } = await import('./detect/anomaly/native-series-detector.ts');
      const { detectSeriesEvents, DEFAULT_ANOMALY_OPTIONS } = await import('./detect/anomaly/index.ts');
      const values = Float64Array.from({ length: 90 }, (_, d) => (d === 45 ? 2000 : 1000));
      console.log(JSON.stringify({ status: nativeDetectorStatus(), events: detectSeriesEvents(values, ${FIRST_DAY}, DEFAULT_ANOMALY_OPTIONS).length }));`;
    const result = spawnSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TOLLGATE_NATIVE_DETECTOR: '0' },
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ status: { native: false, detail: 'TypeScript (TOLLGATE_NATIVE_DETECTOR=0)' }, events: 1 });
  });
});
