import type { ActionType } from '../../core/index.js';

/**
 * The idempotency key recorded in the instance's metadata (labels are too short for the prior
 * and target machine types): `pending` before the change, `done` after. Each GCE call also
 * carries a requestId derived from the key, so GCE itself drops a repeated call.
 */
export const MARKER_PREFIX = 'tollgate-applied-';

export interface AppliedMarker {
  status: 'pending' | 'done';
  actionType: ActionType;
  idempotencyKey: string;
  priorSku: string;
  currentSku: string;
  priorState: string;
  at: string;
}

export interface MetadataItem {
  key?: string | null;
  value?: string | null;
}

export function markerKey(idempotencyKey: string): string {
  return `${MARKER_PREFIX}${idempotencyKey}`;
}

export function encodeMarker(marker: AppliedMarker): string {
  return [marker.status, marker.actionType, marker.priorSku, marker.currentSku, marker.priorState, marker.at].join('|');
}

export function readMarker(items: readonly MetadataItem[] | null | undefined, idempotencyKey: string): AppliedMarker | undefined {
  const value = items?.find((i) => i.key === markerKey(idempotencyKey))?.value;
  if (!value) return undefined;
  const [status, actionType, priorSku, currentSku, priorState, at] = value.split('|');
  if ((status !== 'pending' && status !== 'done') || !['resize', 'stop', 'start'].includes(actionType ?? '') || !priorSku || !currentSku || !priorState || !at)
    return undefined;
  return { status, actionType: actionType as ActionType, idempotencyKey, priorSku, currentSku, priorState, at };
}

export function latestDoneAt(items: readonly MetadataItem[] | null | undefined): string | undefined {
  return (items ?? [])
    .filter((i) => i.key?.startsWith(MARKER_PREFIX) && i.value?.startsWith('done|'))
    .map((i) => i.value!.split('|').at(-1)!)
    .sort()
    .at(-1);
}
