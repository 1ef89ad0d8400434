import type { Action, ActionType, Provider } from '../core/index.js';
import type { MutationResult } from './provider.js';

/**
 * What every adapter records on a resource when it applies a change (as a tag, label or
 * metadata entry), so a retry in any process finds the change instead of repeating it.
 */
export interface MarkerFacts {
  actionType: ActionType;
  idempotencyKey: string;
  priorSku: string;
  currentSku: string;
  at: string;
}

/** The action a marker records, rebuilt for appliedResult() from the marker alone. */
export function actionFromMarker(provider: Provider, marker: MarkerFacts, resourceId: string, region: string): Action {
  const base = { provider, resourceId, region };
  if (marker.actionType === 'resize') return { type: 'resize', ...base, fromSku: marker.priorSku, toSku: marker.currentSku };
  return { type: marker.actionType, ...base } as Action;
}

export function resultFromMarker(action: Action, marker: MarkerFacts, appliedNow: boolean): MutationResult {
  return { action, idempotencyKey: marker.idempotencyKey, appliedNow, priorSku: marker.priorSku, currentSku: marker.currentSku, at: marker.at };
}
