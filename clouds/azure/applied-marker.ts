import type { ActionType } from '../../core/index.js';

/**
 * ARM's VM operations take no idempotency key, so the key is recorded as a VM tag: `pending`
 * before the change, `done` in the same PATCH that changes the size. Any process can then
 * answer "was this key applied?" by reading tags. Azure allows 50 tags per resource, so only
 * the newest few markers are kept.
 */
export const MARKER_PREFIX = 'tollgate:applied:';
const MARKERS_KEPT = 5;

export interface AppliedMarker {
  status: 'pending' | 'done';
  actionType: ActionType;
  idempotencyKey: string;
  priorSku: string;
  currentSku: string;
  /** Power state before the change, so a resumed resize restarts only what was running. */
  priorState: string;
  at: string;
}

const TYPES: readonly string[] = ['resize', 'stop', 'start', 'delete-volume'];

export function readMarker(tags: Record<string, string> | undefined, idempotencyKey: string): AppliedMarker | undefined {
  const value = tags?.[`${MARKER_PREFIX}${idempotencyKey}`];
  if (!value) return undefined;
  const [status, actionType, priorSku, currentSku, priorState, at] = value.split('|');
  if ((status !== 'pending' && status !== 'done') || !actionType || !TYPES.includes(actionType) || !priorSku || !currentSku || !priorState || !at)
    return undefined;
  return { status, actionType: actionType as ActionType, idempotencyKey, priorSku, currentSku, priorState, at };
}

/** The VM's tags with this marker set and older markers beyond the newest few dropped. */
export function tagsWithMarker(tags: Record<string, string> | undefined, marker: AppliedMarker): Record<string, string> {
  const next: Record<string, string> = { ...tags };
  next[`${MARKER_PREFIX}${marker.idempotencyKey}`] = [marker.status, marker.actionType, marker.priorSku, marker.currentSku, marker.priorState, marker.at].join(
    '|',
  );
  const markers = Object.entries(next)
    .filter(([k]) => k.startsWith(MARKER_PREFIX))
    .sort(([, a], [, b]) => (a.split('|').at(-1) ?? '').localeCompare(b.split('|').at(-1) ?? ''));
  for (const [k] of markers.slice(0, Math.max(0, markers.length - MARKERS_KEPT))) delete next[k];
  return next;
}

export function userTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !k.startsWith(MARKER_PREFIX)));
}

export function latestDoneAt(tags: Record<string, string> | undefined): string | undefined {
  return Object.entries(tags ?? {})
    .filter(([k, v]) => k.startsWith(MARKER_PREFIX) && v.startsWith('done|'))
    .map(([, v]) => v.split('|').at(-1)!)
    .sort()
    .at(-1);
}
