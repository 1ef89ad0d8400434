import { CreateTagsCommand, DeleteTagsCommand, DescribeTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { ActionType } from '../../core/index.js';
import { assertDryRunPasses } from './dry-run.js';

/**
 * None of the EC2 calls Tollgate mutates with (StopInstances, StartInstances,
 * ModifyInstanceAttribute, CreateSnapshot, DeleteVolume, ReleaseAddress) takes a ClientToken.
 * So the idempotency key is recorded as a tag on the resource it changed: `pending` before the
 * change, `done` after. Any process can then answer "was this key applied?" with DescribeTags.
 */
export const MARKER_PREFIX = 'tollgate:applied:';
/** EC2 allows 50 tags per resource: keep the newest few markers, drop older ones. */
const MARKERS_KEPT = 5;

export interface AppliedMarker {
  status: 'pending' | 'done';
  actionType: ActionType;
  /** The resource the action changed. */
  resourceId: string;
  /** The resource carrying the tag: the same one, except a deleted volume's snapshot. */
  holderId: string;
  idempotencyKey: string;
  priorSku: string;
  currentSku: string;
  /** The power state before the change (running/stopped), so a resumed resize restarts only what was running. */
  priorState: string;
  at: string;
}

export function markerKey(idempotencyKey: string): string {
  return `${MARKER_PREFIX}${idempotencyKey}`;
}

function encode(marker: AppliedMarker): string {
  return [marker.status, marker.actionType, marker.resourceId, marker.priorSku, marker.currentSku, marker.priorState, marker.at].join('|');
}

function decode(holderId: string, idempotencyKey: string, value: string): AppliedMarker | undefined {
  const [status, actionType, resourceId, priorSku, currentSku, priorState, at] = value.split('|');
  if ((status !== 'pending' && status !== 'done') || !isActionType(actionType) || !resourceId || !priorSku || !currentSku || !priorState || !at)
    return undefined;
  return { status, actionType, resourceId, holderId, idempotencyKey, priorSku, currentSku, priorState, at };
}

const ACTION_TYPES: readonly string[] = ['resize', 'stop', 'start', 'terminate', 'delete-volume', 'release-address'];
function isActionType(value: string | undefined): value is ActionType {
  return value !== undefined && ACTION_TYPES.includes(value);
}

export async function readMarker(ec2: EC2Client, idempotencyKey: string): Promise<AppliedMarker | undefined> {
  const out = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: [markerKey(idempotencyKey)] }] }));
  const tag = out.Tags?.[0];
  if (!tag?.ResourceId || tag.Value === undefined) return undefined;
  return decode(tag.ResourceId, idempotencyKey, tag.Value);
}

/** Writes the marker, dry-running CreateTags first like every other EC2 write. */
export async function writeMarker(ec2: EC2Client, marker: AppliedMarker): Promise<void> {
  const input = { Resources: [marker.holderId], Tags: [{ Key: markerKey(marker.idempotencyKey), Value: encode(marker) }] };
  await assertDryRunPasses('CreateTags', marker.holderId, () => ec2.send(new CreateTagsCommand({ ...input, DryRun: true })));
  await ec2.send(new CreateTagsCommand(input));
  if (marker.status === 'done') await pruneMarkers(ec2, marker.holderId);
}

async function pruneMarkers(ec2: EC2Client, holderId: string): Promise<void> {
  const out = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [holderId] }] }));
  const markers = (out.Tags ?? [])
    .filter((t) => t.Key?.startsWith(MARKER_PREFIX) && t.Value?.startsWith('done|'))
    .sort((a, b) => (a.Value!.split('|').at(-1) ?? '').localeCompare(b.Value!.split('|').at(-1) ?? ''));
  const stale = markers.slice(0, Math.max(0, markers.length - MARKERS_KEPT)).map((t) => ({ Key: t.Key! }));
  if (stale.length === 0) return;
  await assertDryRunPasses('DeleteTags', holderId, () => ec2.send(new DeleteTagsCommand({ Resources: [holderId], Tags: stale, DryRun: true })));
  await ec2.send(new DeleteTagsCommand({ Resources: [holderId], Tags: stale }));
}

/** Rebuilds the action a marker records: its type, resource and (for a resize) the two sizes. */
export function isMarkerTag(key: string): boolean {
  return key.startsWith(MARKER_PREFIX);
}
