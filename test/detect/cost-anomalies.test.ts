import { describe, expect, it } from 'vitest';
import { CostAnomalySchema, type CostAnomaly } from '../../core/index.js';
import { cellsFromFocusRows, dayNumber, detectCostAnomalies } from '../../detect/anomaly/index.js';
import { generateScenario, type Scenario } from './cost-scenario.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

interface Score {
  detections: number;
  truePositives: number;
  events: number;
  found: number;
  falsePositives: CostAnomaly[];
  /** event index → day of its first matching detection */
  firstDetection: Map<number, number>;
}

/** Each detection matches an event when its slice contains the event's rows and its date is inside the event's window. */
function score(scenario: Scenario, anomalies: readonly CostAnomaly[]): Score {
  const firstMatch = new Map<number, number>();
  const falsePositives: CostAnomaly[] = [];
  for (const a of anomalies) {
    const day = dayNumber(a.date);
    const matched = scenario.truth.findIndex((t) => t.affects.has(`${a.dimension}|${a.key}`) && day >= dayNumber(t.startDate) && day <= dayNumber(t.lastDate));
    if (matched < 0) falsePositives.push(a);
    else firstMatch.set(matched, Math.min(firstMatch.get(matched) ?? Infinity, day));
  }
  return {
    detections: anomalies.length,
    truePositives: anomalies.length - falsePositives.length,
    events: scenario.truth.length,
    found: firstMatch.size,
    falsePositives,
    firstDetection: firstMatch,
  };
}

describe('cost anomalies on generated FOCUS data with known truth', () => {
  it('finds the spike, drift, step change and new service; weekend dips and month-start fees stay quiet', () => {
    const totals: Score = { detections: 0, truePositives: 0, events: 0, found: 0, falsePositives: [], firstDetection: new Map() };
    const delaysByEvent = new Map<string, number[]>();
    for (const seed of SEEDS) {
      const scenario = generateScenario(seed);
      const anomalies = detectCostAnomalies(cellsFromFocusRows(scenario.rows));
      const s = score(scenario, anomalies);
      totals.detections += s.detections;
      totals.truePositives += s.truePositives;
      totals.events += s.events;
      totals.found += s.found;
      totals.falsePositives.push(...s.falsePositives);
      for (const a of anomalies) CostAnomalySchema.parse(a);
      for (const [i, day] of s.firstDetection) {
        const event = scenario.truth[i]!;
        delaysByEvent.set(event.name, [...(delaysByEvent.get(event.name) ?? []), day - dayNumber(event.startDate)]);
      }
    }
    const precision = totals.truePositives / Math.max(1, totals.detections);
    const recall = totals.found / totals.events;
    const delayLine = [...delaysByEvent].map(
      ([name, ds]) => `  ${name}: ${ds.length}/${SEEDS.length} found, mean detection delay ${(ds.reduce((a, b) => a + b, 0) / ds.length).toFixed(1)} d`,
    );
    console.log(
      [
        `cost anomalies over ${SEEDS.length} scenarios: precision ${precision.toFixed(3)} (${totals.truePositives}/${totals.detections}), event recall ${recall.toFixed(3)} (${totals.found}/${totals.events})`,
        ...delayLine,
        ...totals.falsePositives
          .slice(0, 5)
          .map((a) => `  false positive: ${a.date} ${a.dimension}=${a.key} ${a.method} expected ${a.expected} actual ${a.actual}`),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('raises nothing on an estate with only weekend dips and month-start fees', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const anomalies = detectCostAnomalies(cellsFromFocusRows(generateScenario(seed, { withEvents: false }).rows));
      expect(anomalies.map((a) => `${a.date} ${a.dimension}=${a.key} ${a.method}`)).toEqual([]);
    }
  });
});
