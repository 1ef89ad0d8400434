import type { CostAnomaly } from '../core/index.js';
import { detectCostAnomalies, DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from '../detect/anomaly/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { withWarehouse } from './ingest-db.js';

/** Reads the warehouse's daily cells and runs the pure detector over them. */
export async function anomaliesInWarehouse(db: string | undefined, overrides: Partial<AnomalyOptions> = {}): Promise<CostAnomaly[]> {
  const cells = await withWarehouse(db, (warehouse) => dailyCostCells(warehouse));
  return detectCostAnomalies(cells, { ...DEFAULT_ANOMALY_OPTIONS, ...overrides });
}
