import type { Incident } from './incident.js';

// Imported by workflow code: constants and types only, nothing that pulls Node built-ins into the sandbox.

/** The states an anomaly alert moves through; each is also the TollgateState search attribute. */
export const ANOMALY_STATES = ['Enriching', 'Alerting', 'AwaitingFeedback', 'Expected', 'Unexpected', 'Planned', 'NoFeedback', 'Suppressed'] as const;
export type AnomalyState = (typeof ANOMALY_STATES)[number];

export const ANOMALY_VERDICTS = ['expected', 'unexpected', 'planned'] as const;
export type AnomalyVerdict = (typeof ANOMALY_VERDICTS)[number];

/** Workflow id of an incident's AnomalyWorkflow: one per incident, so a re-scan never alerts twice. */
export function anomalyWorkflowId(incidentId: string): string {
  return `anomaly-${incidentId}`;
}

export interface AnomalyWorkflowInput {
  incident: Incident;
  /** What started the scan that found it (a landing's id, "cli", a schedule). */
  trigger: string;
}

/** Feedback on an alert: an `anomalyFeedback` Update from Slack buttons or `tollgate anomalies feedback`. */
export interface AnomalyFeedbackInput {
  verdict: AnomalyVerdict;
  /** who gave it: a Slack user mapped to a name, or the CLI user */
  by: string;
  note?: string;
}

export interface AnomalyFeedback extends AnomalyFeedbackInput {
  at: string;
}

/** The owner's explanation of an incident, or why there is none. */
export interface AnomalyExplanationView {
  source: 'llm' | 'fallback';
  narrative: string;
  likelyCause: string;
  nextStep: string;
  owner: string | null;
  /** set when the model's answer was missing or unparseable: the alert says so */
  failure?: string;
}

/** Where the alert went. */
export interface AnomalyDelivery {
  slack?: { channel: string; ts: string }[];
  jira?: { key: string; url: string };
  /** a channel that failed, with its error: the others still carry the alert */
  failures?: string[];
}

/** What the `anomaly` Query returns and `tollgate anomalies show` prints. */
export interface AnomalyView {
  workflowId: string;
  incidentId: string;
  trigger: string;
  state: AnomalyState;
  incident: Incident;
  /** the root cause as text ("service=…, resource=…") */
  rootCause: string;
  /** owners and teams the alert was routed by (tags of the root cause's resource, the incident's team) */
  owners: string[];
  teams: string[];
  explanation?: AnomalyExplanationView;
  delivery?: AnomalyDelivery;
  feedback?: AnomalyFeedback;
  /** ISO time the wait for feedback ends */
  feedbackBy?: string;
  /** a remediation FindingWorkflow started for the root-cause resource */
  remediation?: { workflowId: string; findingKind: string };
  outcome?: string;
}

/** Parses an `anomalyFeedback` Update's payload: a known verdict, who gave it, an optional short note; unknown fields refused. */
export function parseAnomalyFeedback(raw: unknown): { ok: true; input: AnomalyFeedbackInput } | { ok: false; message: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, message: 'feedback must be an object {verdict, by, note?}' };
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['verdict', 'by', 'note'].includes(k));
  if (unknown.length > 0) return { ok: false, message: `unknown feedback field(s): ${unknown.join(', ')}; expected verdict, by and note` };
  if (!ANOMALY_VERDICTS.includes(o.verdict as AnomalyVerdict)) {
    return { ok: false, message: `verdict must be one of ${ANOMALY_VERDICTS.join(', ')}; got ${JSON.stringify(o.verdict)?.slice(0, 40)}` };
  }
  if (typeof o.by !== 'string' || o.by.trim() === '' || o.by.length > 200)
    return { ok: false, message: 'by must name who gives the feedback (1 to 200 characters)' };
  if (o.note !== undefined && (typeof o.note !== 'string' || o.note.length > 2000))
    return { ok: false, message: 'note must be text of at most 2000 characters' };
  return {
    ok: true,
    input: { verdict: o.verdict as AnomalyVerdict, by: o.by.trim(), ...(typeof o.note === 'string' && o.note.trim() ? { note: o.note.trim() } : {}) },
  };
}
