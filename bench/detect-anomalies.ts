/**
 * Anomaly detection throughput: SERIES daily cost series of DAYS days through the detector,
 * and as the anchor, measured in the same run, one DuckDB SQL pass computing median and MAD
 * per series over the same numbers. The detector runs on one thread, then on THREADS worker
 * threads (default 2, as many as DuckDB gets). The detector is the native one when built
 * (scripts/build-native.sh); the TypeScript scan is timed too and must find the same events.
 * Usage: npm run bench:detect [-- SERIES [THREADS]]
 */
import { Worker } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { seededRandom } from '../core/index.js';
import { dayNumber, DEFAULT_ANOMALY_OPTIONS, detectSeriesEvents } from '../detect/anomaly/index.js';
import { nativeDetectorStatus } from '../detect/anomaly/native-series-detector.js';
import { scriptSeriesEvents } from '../detect/anomaly/series-detector.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const THREADS = Number(process.argv[3] ?? 2);
const DAYS = 90;
const FIRST_DAY = dayNumber('2025-01-01');

function generate(): Float64Array {
  const random = seededRandom(42);
  const data = new Float64Array(new SharedArrayBuffer(SERIES * DAYS * 8));
  for (let s = 0; s < SERIES; s++) {
    const base = 50 + random() * 5000;
    const spikeAt = random() < 0.1 ? 20 + Math.floor(random() * 70) : -1;
    for (let d = 0; d < DAYS; d++) {
      const weekend = (d + 3) % 7 >= 5 ? 0.8 : 1; // 2025-01-01 is a Wednesday
      data[s * DAYS + d] = base * weekend * (1 + 0.05 * (random() - 0.5)) * (d === spikeAt ? 1.5 : 1);
    }
  }
  return data;
}

/** CPU seconds this process used (every thread, DuckDB's included) since `from`: unlike wall time, not inflated by other jobs on the machine. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

function detectAll(data: Float64Array, detect = detectSeriesEvents): { seconds: number; cpuSeconds: number; events: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  for (let s = 0; s < SERIES; s++) events += detect(data.subarray(s * DAYS, (s + 1) * DAYS), FIRST_DAY, DEFAULT_ANOMALY_OPTIONS).length;
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu), events };
}

/** The same scan split over worker threads reading one shared buffer (no copies). */
async function detectParallel(data: Float64Array): Promise<{ seconds: number; events: number }> {
  const started = performance.now();
  const share = Math.ceil(SERIES / THREADS);
  const counts = await Promise.all(
    Array.from({ length: THREADS }, (_, k) => {
      const worker = new Worker(new URL('./detect-worker-boot.mjs', import.meta.url), {
        workerData: { buffer: data.buffer, days: DAYS, firstDay: FIRST_DAY, from: k * share, to: Math.min(SERIES, (k + 1) * share) },
      });
      return new Promise<number>((resolve, reject) => {
        worker.once('message', (n: number) => resolve(n));
        worker.once('error', reject);
      }).finally(() => void worker.terminate());
    }),
  );
  return { seconds: (performance.now() - started) / 1000, events: counts.reduce((a, b) => a + b, 0) };
}

/**
 * The same split over a warm pool, as a long-running worker process keeps one: the threads are
 * started and have loaded the detector before the clock starts (their boot is reported apart).
 */
async function detectWarmPool(data: Float64Array): Promise<{ bootSeconds: number; seconds: number; events: number }> {
  const booted = performance.now();
  const share = Math.ceil(SERIES / THREADS);
  const workers = await Promise.all(
    Array.from({ length: THREADS }, (_, k) => {
      const worker = new Worker(new URL('./detect-worker-boot.mjs', import.meta.url), {
        workerData: { buffer: data.buffer, days: DAYS, firstDay: FIRST_DAY, from: k * share, to: Math.min(SERIES, (k + 1) * share), waitForGo: true },
      });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      });
    }),
  );
  const started = performance.now();
  const counts = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve, reject) => {
          worker.once('message', (n: number) => resolve(n));
          worker.once('error', reject);
          worker.postMessage('go');
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { bootSeconds: (started - booted) / 1000, seconds, events: counts.reduce((a, b) => a + b, 0) };
}

async function duckdbMedianMad(data: Float64Array): Promise<{ seconds: number; cpuSeconds: number; rows: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run('CREATE TABLE daily (series_id INTEGER, day INTEGER, cost DOUBLE)');
  const appender = await connection.createAppender('daily');
  for (let s = 0; s < SERIES; s++) {
    for (let d = 0; d < DAYS; d++) {
      appender.appendInteger(s);
      appender.appendInteger(d);
      appender.appendDouble(data[s * DAYS + d]!);
      appender.endRow();
    }
  }
  appender.flushSync();
  appender.closeSync();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const reader = await connection.runAndReadAll(
    `WITH centers AS (SELECT series_id, median(cost) AS med FROM daily GROUP BY series_id)
     SELECT count(*) AS n FROM (
       SELECT d.series_id, c.med, median(abs(d.cost - c.med)) AS mad FROM daily d JOIN centers c USING (series_id) GROUP BY d.series_id, c.med)`,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSince(cpu);
  const rows = Number(reader.getRowObjectsJS()[0]!.n);
  connection.closeSync();
  instance.closeSync();
  return { seconds, cpuSeconds, rows };
}

const data = generate();
const single = detectAll(data);
const script = detectAll(data, scriptSeriesEvents);
if (script.events !== single.events) throw new Error(`the TypeScript scan found ${script.events} events, the detector ${single.events}`);
const parallel = await detectParallel(data);
if (parallel.events !== single.events)
  throw new Error(`worker threads found ${parallel.events} events, one thread ${single.events}: the split changed results`);
const warm = await detectWarmPool(data);
if (warm.events !== single.events) throw new Error(`the warm pool found ${warm.events} events, one thread ${single.events}`);
const anchor = await duckdbMedianMad(data);
const rate = (seconds: number) => SERIES / seconds;
const anchorRate = anchor.rows / anchor.seconds;
const fmt = (r: number) => Math.round(r).toLocaleString('en-US');
console.log(`series: ${SERIES} × ${DAYS} days (node ${process.version}); detector: ${nativeDetectorStatus().detail}`);
console.log(`tollgate detector, 1 thread  : ${single.seconds.toFixed(2)} s, ${fmt(rate(single.seconds))} series/s, ${single.events} events`);
console.log(
  `tollgate detector, ${THREADS} threads : ${parallel.seconds.toFixed(2)} s, ${fmt(rate(parallel.seconds))} series/s (worker threads, shared buffer)`,
);
console.log(
  `TypeScript scan, 1 thread    : ${script.seconds.toFixed(2)} s, ${script.cpuSeconds.toFixed(2)} CPU s, ${fmt(rate(script.seconds))} series/s, same events`,
);
console.log(`DuckDB median/MAD            : ${anchor.seconds.toFixed(2)} s, ${fmt(anchorRate)} series/s (one SQL pass, 2 threads)`);
console.log(`ratio, 1 thread (tollgate / DuckDB series per second): ${(rate(single.seconds) / anchorRate).toFixed(2)}`);
console.log(
  `CPU: tollgate ${single.cpuSeconds.toFixed(2)} s on 1 thread, DuckDB ${anchor.cpuSeconds.toFixed(2)} s over its threads; ratio of series per CPU second: ${(anchor.cpuSeconds / single.cpuSeconds).toFixed(2)}`,
);
console.log(`ratio of series per CPU second, TypeScript scan: ${(anchor.cpuSeconds / script.cpuSeconds).toFixed(2)}`);
console.log(`ratio (tollgate on ${THREADS} threads / DuckDB on 2, series per second): ${(rate(parallel.seconds) / anchorRate).toFixed(2)}`);
console.log(
  `ratio, warm pool of ${THREADS} threads (booted in ${warm.bootSeconds.toFixed(2)} s before the clock, scan ${warm.seconds.toFixed(2)} s): ${(rate(warm.seconds) / anchorRate).toFixed(2)}`,
);
