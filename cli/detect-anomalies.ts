import {
  detectIncidentsOnThreads,
  DEFAULT_ANOMALY_OPTIONS,
  type AnomalyOptions,
  type IncidentProgress,
  type IncidentReport,
  type IncidentTimings,
  type ScanThreading,
} from '../detect/anomaly/index.js';
import type { QueryProgress } from '../warehouse/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { withWarehouse } from './ingest-db.js';

export { anomalyOptionsFromPolicy } from '../activities/anomaly-options.js';

/**
 * Where a long detection is: reading the warehouse's daily cells (`cells` once read), then scanning
 * each series, then `done` with where the time went.
 */
export type DetectionProgress =
  | { phase: 'read'; fraction: number; cells?: number; readMs?: number }
  | ({ phase: 'scan' } & Omit<IncidentProgress, 'timings'>)
  | { phase: 'done'; cells: number; series: number; readMs: number; timings: IncidentTimings };

/** Reads the warehouse's daily cells and groups the pure detector's alerts into incidents. */
export async function incidentsInWarehouse(
  db: string | undefined,
  overrides: Partial<AnomalyOptions> = {},
  base: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  onProgress?: (progress: DetectionProgress) => void,
  threading: ScanThreading = {},
): Promise<IncidentReport> {
  const tracking = onProgress ? { everyMs: 200, report: (p: QueryProgress) => onProgress({ phase: 'read', fraction: p.fraction }) } : undefined;
  onProgress?.({ phase: 'read', fraction: 0 });
  const readStarted = performance.now();
  const cells = await withWarehouse(db, (warehouse) => dailyCostCells(warehouse, tracking));
  const readMs = performance.now() - readStarted;
  onProgress?.({ phase: 'read', fraction: 1, cells: cells.length, readMs });
  return detectIncidentsOnThreads(
    cells,
    { ...base, ...overrides },
    onProgress
      ? ({ done, total, timings }) =>
          onProgress(timings ? { phase: 'done', cells: cells.length, series: total, readMs, timings } : { phase: 'scan', done, total })
      : undefined,
    threading,
  );
}
