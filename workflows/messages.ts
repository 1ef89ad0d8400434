import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecideRequest } from '../core/approval.js';
import type { PendingView } from '../core/workflow-contract.js';

/** A human decision on the pending proposal. The validator refuses stale, unknown or late decisions. */
export const decideUpdate = defineUpdate<PendingView, [DecideRequest]>('decide');

/** What waits for a decision, with the evidence. */
export const pendingQuery = defineQuery<PendingView>('pending');
