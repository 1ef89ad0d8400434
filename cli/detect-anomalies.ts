import type { CostAnomaly } from '../core/index.js';
import { detectCostAnomalies, DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from '../detect/anomaly/index.js';
import type { Policy } from '../guardrails/index.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { withWarehouse } from './ingest-db.js';

/** The policy's anomaly floors and severity bands as detector options (the policy states shares in %, the detector as fractions). */
export function anomalyOptionsFromPolicy(anomalies: Policy['anomalies']): AnomalyOptions {
  return {
    ...DEFAULT_ANOMALY_OPTIONS,
    minImpactUsd: anomalies.minImpactUsd,
    minPctAboveExpected: anomalies.minPctAboveExpected / 100,
    newKeyMinUsd: anomalies.newServiceMinUsd,
    majorPct: anomalies.majorPct / 100,
    criticalPct: anomalies.criticalPct / 100,
  };
}

/** Reads the warehouse's daily cells and runs the pure detector over them. */
export async function anomaliesInWarehouse(
  db: string | undefined,
  overrides: Partial<AnomalyOptions> = {},
  base: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): Promise<CostAnomaly[]> {
  const cells = await withWarehouse(db, (warehouse) => dailyCostCells(warehouse));
  return detectCostAnomalies(cells, { ...base, ...overrides });
}
