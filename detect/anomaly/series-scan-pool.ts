import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnomalyOptions } from './options.js';
import type { SeriesEvent } from './series-detector.js';
import type { ScanChunk, ScannedChunk } from './series-scan-chunk.js';

/** More threads than this buy nothing on a scan of a few seconds: each one boots its own module graph. */
export const MAX_SCAN_THREADS = 8;

/** The pool size when none is configured: one thread per core the process may use, at most MAX_SCAN_THREADS. */
export function defaultScanThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_SCAN_THREADS));
}

/** Series of one length to scan: one currency's slices, every series covering the same days. */
export interface SeriesBatch {
  count: number;
  days: number;
  firstDay: number;
  /** writes series k's dense daily values into `out` (`days` long, zeroed) */
  fill(k: number, out: Float64Array): void;
}

/**
 * Compiled (dist/), the worker is its .js sibling. From the TypeScript sources (vitest, tsx) a
 * worker thread has no TypeScript loader: a boot file registers tsx first.
 */
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.js') ? './series-scan-worker.js' : './series-scan-worker-boot.mjs', import.meta.url);

/**
 * About 65,000 values a chunk (0.5 MiB, ~20 ms of detector work): small enough that threads finish
 * together and progress moves, large enough that messages cost nothing beside the scan.
 */
const CHUNK_VALUES = 1 << 16;
/** Chunks queued per worker, so a worker never waits for the main thread to build its next one. */
const QUEUED_PER_WORKER = 2;

export interface ScanPool {
  threads: number;
  /** called as each chunk's series are scanned, with how many */
  onScanned?: (series: number) => void;
  /** the worker's entry module (tests point it at one that fails) */
  entry?: URL;
  /** values per chunk of series (tests make it small to spread a few series over every thread) */
  chunkValues?: number;
}

/**
 * Runs the series detector over every series of `batches` on `threads` worker threads and returns
 * each series' events (batch by batch, series by series), the same arrays `detectSeriesEvents`
 * returns in-process. The main thread builds the series chunk by chunk into shared buffers while
 * the workers scan, so memory holds a few chunks, not every series. A worker that cannot start or
 * fails rejects the call; the threads are terminated when it settles either way.
 */
export async function scanSeriesOnThreads(batches: readonly SeriesBatch[], options: AnomalyOptions, pool: ScanPool): Promise<SeriesEvent[][][]> {
  const { threads, onScanned, entry = WORKER_ENTRY, chunkValues = CHUNK_VALUES } = pool;
  const results = batches.map((b) => Array.from({ length: b.count }, (): SeriesEvent[] => []));
  const chunks: { batch: number; from: number; count: number }[] = [];
  batches.forEach((b, batch) => {
    const per = Math.max(1, Math.floor(chunkValues / Math.max(1, b.days)));
    for (let from = 0; from < b.count; from += per) chunks.push({ batch, from, count: Math.min(per, b.count - from) });
  });
  if (chunks.length === 0) return results;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = chunks.length;
      let settled = false;
      const fail = (why: string, cause?: unknown) => {
        if (settled) return;
        settled = true;
        reject(
          new Error(
            `series scan on worker threads failed: ${why} (${entry.pathname}); one thread (tollgate detect anomalies --threads 1, TOLLGATE_DETECT_THREADS=1) scans in-process`,
            { cause },
          ),
        );
      };
      const send = (worker: Worker) => {
        if (next >= chunks.length) return;
        const id = next++;
        const { batch, from, count } = chunks[id]!;
        const b = batches[batch]!;
        const buffer = new SharedArrayBuffer(count * b.days * 8);
        const data = new Float64Array(buffer);
        for (let k = 0; k < count; k++) b.fill(from + k, data.subarray(k * b.days, (k + 1) * b.days));
        worker.postMessage({ id, buffer, count, days: b.days, firstDay: b.firstDay } satisfies ScanChunk);
      };
      for (let w = 0; w < Math.min(threads, chunks.length); w++) {
        const worker = new Worker(entry, { workerData: { options } });
        workers.push(worker);
        worker.on('message', ({ id, found }: ScannedChunk) => {
          if (settled) return;
          const { batch, from, count } = chunks[id]!;
          for (const [k, events] of found) results[batch]![from + k] = events;
          try {
            onScanned?.(count);
            if (--pending > 0) send(worker);
            else {
              settled = true;
              resolve();
            }
          } catch (error) {
            // a progress callback or a series that cannot be built fails the call, not the process
            fail(`the main thread failed between chunks: ${(error as Error).message}`, error);
          }
        });
        worker.on('error', (error) => fail(`a worker thread threw: ${error.message}`, error));
        worker.on('messageerror', (error) => fail(`a worker thread's message could not be read: ${error.message}`, error));
        worker.on('exit', (code) => fail(`a worker thread exited with code ${code} before the scan was done`));
        for (let q = 0; q < QUEUED_PER_WORKER; q++) send(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
