import { DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from '../detect/anomaly/index.js';
import type { Policy } from '../guardrails/index.js';

/** The policy's anomaly floors, severity bands and planned events as detector options (the policy states shares in %, the detector as fractions). */
export function anomalyOptionsFromPolicy(anomalies: Policy['anomalies']): AnomalyOptions {
  return {
    ...DEFAULT_ANOMALY_OPTIONS,
    minImpactUsd: anomalies.minImpactUsd,
    minPctAboveExpected: anomalies.minPctAboveExpected / 100,
    newKeyMinUsd: anomalies.newServiceMinUsd,
    majorPct: anomalies.majorPct / 100,
    criticalPct: anomalies.criticalPct / 100,
    planned: anomalies.planned.map((p) => ({ name: p.name, from: p.from, to: p.to, match: p.match })),
  };
}
