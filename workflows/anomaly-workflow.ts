import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AnomalyActivities } from '../activities/anomaly-activities.js';
import {
  parseAnomalyFeedback,
  type AnomalyFeedbackInput,
  type AnomalyState,
  type AnomalyVerdict,
  type AnomalyView,
  type AnomalyWorkflowInput,
} from '../core/anomaly-contract.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';
import { anomalyFeedbackUpdate, anomalyQuery } from './anomaly-messages.js';
import { TollgateImpact, TollgateOwner, TollgateRootCauseService, TollgateSeverity, TollgateState } from './search-attributes.js';

const anomaly = proxyActivities<AnomalyActivities>({
  taskQueue: ANALYSIS_QUEUE,
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

const FINAL_STATE: Record<AnomalyVerdict, AnomalyState> = { expected: 'Expected', unexpected: 'Unexpected', planned: 'Planned' };

/**
 * One cost incident from detection to the owner's verdict: enrich → alert the owner (Slack, Jira)
 * → wait for feedback (expected | unexpected | planned, bounded by the policy's timeout) → record it.
 */
export async function anomalyWorkflow(input: AnomalyWorkflowInput): Promise<AnomalyView> {
  const { incident } = input;
  const view: AnomalyView = {
    workflowId: workflowInfo().workflowId,
    incidentId: incident.id,
    trigger: input.trigger,
    state: 'Enriching',
    incident,
    // Filled in by the enrich step (core/incident.ts hashes with node:crypto, which the workflow sandbox has not).
    rootCause: '',
    owners: [],
    teams: [],
  };
  const feedback = { recorded: false };
  setHandler(anomalyQuery, () => view);
  setHandler(anomalyFeedbackUpdate, (raw) => applyFeedback(view, raw, feedback), { validator: (raw) => validateFeedback(view, raw) });
  upsertSearchAttributes([
    { key: TollgateSeverity, value: incident.severity },
    { key: TollgateImpact, value: incident.impact },
    ...(incident.rootCause.service ? [{ key: TollgateRootCauseService, value: incident.rootCause.service }] : []),
  ]);
  setState(view, 'Enriching');

  // 1. enrich (LangGraph anomaly enricher, read-only tools)
  const enriched = await anomaly.enrichIncident({ workflowId: view.workflowId, incident });
  view.rootCause = enriched.rootCause;
  view.explanation = enriched.explanation;
  view.owners = enriched.owners;
  view.teams = enriched.teams;
  upsertSearchAttributes([{ key: TollgateOwner, value: view.owners[0] ?? view.teams[0] ?? 'unowned' }]);

  // 2. alert the owner; the message carries the feedback buttons, so the wait starts as it is posted
  view.feedbackBy = new Date(Date.now() + enriched.feedbackTimeoutMs).toISOString();
  setState(view, 'AwaitingFeedback');
  view.delivery = await anomaly.alertIncidentOwner({ view });

  // 3. wait for the owner's verdict
  const answered = await condition(() => feedback.recorded, enriched.feedbackTimeoutMs);
  if (!answered && view.feedback) await condition(() => feedback.recorded);
  if (!view.feedback) return finish(view, 'NoFeedback', `no feedback by ${view.feedbackBy}`);
  const given = view.feedback;
  return finish(view, FINAL_STATE[given.verdict], `${given.verdict} by ${given.by}${given.note ? `: ${given.note}` : ''}`);
}

function validateFeedback(view: AnomalyView, raw: unknown): void {
  if (view.feedback) throw ApplicationFailure.nonRetryable(`feedback was already given on ${view.workflowId}: ${view.feedback.verdict} by ${view.feedback.by}`);
  if (view.state !== 'AwaitingFeedback') {
    const why = view.state === 'Enriching' || view.state === 'Alerting' ? 'its alert has not gone out yet; try again in a minute' : `it is ${view.state}`;
    throw ApplicationFailure.nonRetryable(`${view.workflowId} does not wait for feedback: ${why}`);
  }
  const parsed = parseAnomalyFeedback(raw);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(parsed.message);
}

async function applyFeedback(view: AnomalyView, raw: AnomalyFeedbackInput, feedback: { recorded: boolean }): Promise<AnomalyView> {
  const parsed = parseAnomalyFeedback(raw);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(parsed.message);
  view.feedback = { ...parsed.input, at: new Date(Date.now()).toISOString() };
  // The verdict counts once the audit log has it: a repeat is suppressed only from a recorded verdict.
  await anomaly.recordAnomalyFeedback({ view, feedback: view.feedback });
  feedback.recorded = true;
  return view;
}

function setState(view: AnomalyView, state: AnomalyState): void {
  view.state = state;
  upsertSearchAttributes([{ key: TollgateState, value: state }]);
}

async function finish(view: AnomalyView, state: AnomalyState, outcome: string): Promise<AnomalyView> {
  view.outcome = outcome;
  setState(view, state);
  await condition(allHandlersFinished);
  try {
    await anomaly.updateAnomalyAlert({ view, note: `${state}: ${outcome}` });
  } catch (error) {
    // The verdict is recorded; a message that could not be updated is noted, never a failed workflow.
    if (!(error instanceof ActivityFailure)) throw error;
    view.outcome = `${outcome} (the Slack message could not be updated: ${error.cause?.message ?? error.message})`;
  }
  return view;
}
