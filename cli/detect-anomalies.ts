import { detectIncidents, DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions, type IncidentProgress, type IncidentReport } from '../detect/anomaly/index.js';
import type { QueryProgress } from '../warehouse/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { withWarehouse } from './ingest-db.js';

export { anomalyOptionsFromPolicy } from '../activities/anomaly-options.js';

/** Where a long detection is: reading the warehouse's daily cells, then scanning each series. */
export type DetectionProgress = { phase: 'read'; fraction: number } | ({ phase: 'scan' } & IncidentProgress);

/** Reads the warehouse's daily cells and groups the pure detector's alerts into incidents. */
export async function incidentsInWarehouse(
  db: string | undefined,
  overrides: Partial<AnomalyOptions> = {},
  base: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  onProgress?: (progress: DetectionProgress) => void,
): Promise<IncidentReport> {
  const tracking = onProgress ? { everyMs: 200, report: (p: QueryProgress) => onProgress({ phase: 'read', fraction: p.fraction }) } : undefined;
  const cells = await withWarehouse(db, (warehouse) => dailyCostCells(warehouse, tracking));
  return detectIncidents(cells, { ...base, ...overrides }, onProgress ? (p) => onProgress({ phase: 'scan', ...p }) : undefined);
}
