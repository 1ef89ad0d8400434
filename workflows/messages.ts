import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecideInput, PendingView } from '../core/index.js';

/** A human decision on the pending proposal. The validator refuses stale, unknown or late decisions. */
export const decideUpdate = defineUpdate<PendingView, [DecideInput]>('decide');

/** What waits for a decision, with the evidence. */
export const pendingQuery = defineQuery<PendingView>('pending');
