import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AnomalyFeedbackInput, AnomalyView } from '../core/anomaly-contract.js';

/** An owner's verdict on an anomaly alert (Slack buttons, `tollgate anomalies feedback`, the Temporal UI's "Send an Update"). */
export const anomalyFeedbackUpdate = defineUpdate<AnomalyView, [AnomalyFeedbackInput]>('anomalyFeedback');

/** The alert as it stands: incident, explanation, where it went, feedback. */
export const anomalyQuery = defineQuery<AnomalyView>('anomaly');
