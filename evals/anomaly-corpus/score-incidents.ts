import { ROOT_CAUSE_DIMENSIONS, type Incident, type RootCause } from '../../core/index.js';
import { DEFAULT_ANOMALY_OPTIONS, detectIncidents, type AnomalyOptions } from '../../detect/anomaly/index.js';
import { costScenario, SCENARIO_KINDS, type ScenarioKind, type TruthEvent } from './cost-scenarios.js';

export interface KindScore {
  kind: ScenarioKind;
  scenarios: number;
  events: number;
  /** events with at least one incident matching them */
  found: number;
  incidents: number;
  /** incidents matching no event (every incident of a quiet scenario) */
  falseIncidents: number;
  /** incidents that matched an event, over events found: 1 means one alert per event */
  matchingIncidents: number;
  /** found events whose first matching incident names the event's scope exactly or a part of it */
  rootCauseRight: number;
  /** incidents a planned event suppressed */
  suppressed: number;
  /** days from the event's start to the first matching incident's start, summed over found events */
  delayDays: number;
}

/**
 * An incident matches an event when it starts within the event's detection window and its root
 * cause does not contradict the event's scope (no dimension names another key).
 */
export function matches(incident: Incident, event: TruthEvent): boolean {
  if (incident.start < event.start || incident.start > event.detectBy) return false;
  return ROOT_CAUSE_DIMENSIONS.every((d) => incident.rootCause[d] === undefined || event.scope[d] === undefined || incident.rootCause[d] === event.scope[d]);
}

/** The root cause names every key of the event's scope: it points at what moved, not at a bigger slice around it. */
function pinpoints(rootCause: RootCause, scope: RootCause): boolean {
  return ROOT_CAUSE_DIMENSIONS.every((d) => scope[d] === undefined || rootCause[d] === scope[d]);
}

export function scoreKind(kind: ScenarioKind, seeds: readonly number[], options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): KindScore {
  const score: KindScore = {
    kind,
    scenarios: 0,
    events: 0,
    found: 0,
    incidents: 0,
    falseIncidents: 0,
    matchingIncidents: 0,
    rootCauseRight: 0,
    suppressed: 0,
    delayDays: 0,
  };
  for (const seed of seeds) {
    const scenario = costScenario(kind, seed);
    const report = detectIncidents(scenario.cells, { ...options, planned: scenario.planned });
    score.scenarios++;
    score.events += scenario.truth.length;
    score.incidents += report.incidents.length;
    score.suppressed += report.suppressed.length;
    for (const incident of report.incidents) {
      if (scenario.truth.some((e) => matches(incident, e))) score.matchingIncidents++;
      else score.falseIncidents++;
    }
    for (const event of scenario.truth) {
      const first = report.incidents.find((i) => matches(i, event));
      if (!first) continue;
      score.found++;
      if (pinpoints(first.rootCause, event.scope)) score.rootCauseRight++;
      score.delayDays += (Date.parse(first.start) - Date.parse(event.start)) / 86_400_000;
    }
  }
  return score;
}

export function scoreCorpus(
  seeds: readonly number[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  kinds: readonly ScenarioKind[] = SCENARIO_KINDS,
): KindScore[] {
  return kinds.map((kind) => scoreKind(kind, seeds, options));
}

/** Precision over every incident, recall over every event, alerts per event found. */
export function summarize(scores: readonly KindScore[]): { precision: number; recall: number; alertsPerEvent: number; rootCauseAccuracy: number } {
  const sum = (f: (s: KindScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const incidents = sum((s) => s.incidents);
  const found = sum((s) => s.found);
  return {
    precision: incidents === 0 ? 1 : sum((s) => s.matchingIncidents) / incidents,
    recall:
      sum((s) => s.found) /
      Math.max(
        1,
        sum((s) => s.events),
      ),
    alertsPerEvent: found === 0 ? 0 : sum((s) => s.matchingIncidents) / found,
    rootCauseAccuracy: found === 0 ? 0 : sum((s) => s.rootCauseRight) / found,
  };
}

/** The Markdown table docs/detection.md carries. */
export function qualityTable(scores: readonly KindScore[]): string {
  const rows = scores.map((s) => {
    const perEvent = s.found ? (s.matchingIncidents / s.found).toFixed(2) : '–';
    const recall = s.events ? `${s.found}/${s.events}` : '–';
    const root = s.found ? `${s.rootCauseRight}/${s.found}` : '–';
    const delay = s.found ? (s.delayDays / s.found).toFixed(1) : '–';
    return `| ${s.kind} | ${s.scenarios} | ${recall} | ${perEvent} | ${root} | ${delay} | ${s.falseIncidents} | ${s.suppressed} |`;
  });
  const total = summarize(scores);
  return [
    '| scenario | runs | events found | alerts per event | root cause pinpointed | mean delay (d) | false incidents | suppressed (planned) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    `| **all** | ${scores.reduce((n, s) => n + s.scenarios, 0)} | recall **${total.recall.toFixed(3)}** | **${total.alertsPerEvent.toFixed(2)}** | **${total.rootCauseAccuracy.toFixed(3)}** | | precision **${total.precision.toFixed(3)}** | |`,
  ].join('\n');
}
