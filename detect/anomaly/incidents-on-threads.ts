import type { DailyCostCell } from './daily-cost-cell.js';
import { detectIncidents, incidentReportOf, planIncidentScan, type IncidentProgress, type IncidentReport } from './incidents.js';
import { DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from './options.js';
import { defaultScanThreads, scanSeriesOnThreads } from './series-scan-pool.js';

export { defaultScanThreads, MAX_SCAN_THREADS } from './series-scan-pool.js';
import { seriesOf } from './slice-series.js';

export interface ScanThreading {
  /** worker threads for the series scan; 1 scans on the calling thread. Default: defaultScanThreads() */
  threads?: number;
  /** below this many series × days the scan stays on the calling thread (default MIN_THREADED_SERIES_DAYS) */
  minSeriesDays?: number;
  /** the worker's entry module and the values per chunk: for tests (series-scan-pool.ts) */
  workerEntry?: URL;
  chunkValues?: number;
}

/**
 * Series × days under which the scan stays on the calling thread (docs/performance.md, "The series
 * scan on worker threads"): a pool of two threads started from dist/ costs 60–120 ms (0.6–1.1 s from
 * the TypeScript sources), and one thread scans about 1.5 million series-days a second on a loaded
 * machine, so below a million the pool would save at most that start-up.
 */
export const MIN_THREADED_SERIES_DAYS = 1_000_000;

/**
 * detectIncidents with the series scan on a pool of worker threads: the same report (same
 * incidents, order and numbers), sooner on a large warehouse. The drill-down and grouping stay on
 * this thread; the pool is started for the call and terminated after it. A worker that fails
 * rejects the call.
 */
export async function detectIncidentsOnThreads(
  cells: readonly DailyCostCell[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  onProgress?: (progress: IncidentProgress) => void,
  threading: ScanThreading = {},
): Promise<IncidentReport> {
  const threads = threading.threads ?? defaultScanThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`detection threads must be a whole number of at least 1, got ${threads}`);
  const plan = planIncidentScan(cells);
  const seriesDays = plan.groups.reduce((n, g) => n + g.slices.length * g.range.days, 0);
  if (threads === 1 || seriesDays < (threading.minSeriesDays ?? MIN_THREADED_SERIES_DAYS)) return detectIncidents(cells, options, onProgress);
  const scanStarted = performance.now();
  let done = 0;
  const batches = plan.groups.map(({ slices, range }) => ({
    count: slices.length,
    days: range.days,
    firstDay: range.firstDay,
    fill: (k: number, out: Float64Array) => out.set(seriesOf(slices[k]!.cells, range)),
  }));
  const events = await scanSeriesOnThreads(batches, options, {
    threads,
    onScanned: (series) => {
      done += series;
      onProgress?.({ done, total: plan.total });
    },
    ...(threading.workerEntry ? { entry: threading.workerEntry } : {}),
    ...(threading.chunkValues ? { chunkValues: threading.chunkValues } : {}),
  });
  plan.timings.scanMs = performance.now() - scanStarted;
  plan.timings.threads = threads;
  return incidentReportOf(plan, events, options, onProgress);
}
