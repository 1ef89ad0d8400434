import type { AuditStore } from '../audit/index.js';
import { digestOf, type AnomalyFeedbackRecord, type Incident } from '../core/index.js';

const DAY_MS = 86_400_000;

/** The feedback that says an incident's root cause was expected or planned: each suppresses its repeats. */
export async function suppressingFeedback(audit: AuditStore): Promise<AnomalyFeedbackRecord[]> {
  const out: AnomalyFeedbackRecord[] = [];
  for (const record of await audit.records({ step: 'feedback' })) {
    if (record.step !== 'feedback') continue;
    if (record.output.verdict === 'expected' || record.output.verdict === 'planned') out.push(record.output);
  }
  return out;
}

/**
 * The feedback that covers a new incident: the same currency and exactly the same root cause,
 * starting after the one the owner called expected or planned and within `days` of it. The
 * incident the feedback was given on is never suppressed by it (its workflow exists already).
 */
export function suppressedBy(incident: Incident, feedback: readonly AnomalyFeedbackRecord[], days: number): AnomalyFeedbackRecord | undefined {
  const cause = digestOf(incident.rootCause);
  const start = Date.parse(incident.start);
  return feedback.find((f) => {
    if (f.incidentId === incident.id || f.currency !== incident.currency || digestOf(f.rootCause) !== cause) return false;
    const since = start - Date.parse(f.start);
    return since > 0 && since <= days * DAY_MS;
  });
}

/** Incidents whose alert the log shows as sent: a later scan never starts them again. */
export async function alertedIncidents(audit: AuditStore): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const record of await audit.records({ step: 'notify' }))
    if (record.step === 'notify' && record.output.kind === 'anomaly-alert') ids.add(record.output.incidentId);
  return ids;
}
