import type { Action } from '../../core/index.js';
import { encodeMarker, markerKey, readMarker, type AppliedMarker } from './applied-marker.js';
import { GcpOperationError, gcpErrorText } from './errors.js';
import { readInstance, requestIdFor, runZoneOperation, type GcpContext } from './gcp-context.js';
import { instanceId, lastSegment, type InstanceRef } from './instance-ref.js';

type Instance = Awaited<ReturnType<typeof readInstance>>;

const RUNNING = 'RUNNING';
const STOPPED = 'TERMINATED';

/** GCE's validation in place of a dry run: the instance is as approved and the target machine type exists in its zone. */
export async function validate(ctx: GcpContext, ref: InstanceRef, action: Action, resuming = false): Promise<Instance> {
  const id = instanceId(ref);
  const instance = await readInstance(ctx, ref);
  const type = lastSegment(instance.machineType);
  const status = String(instance.status ?? 'UNKNOWN');
  if (action.type === 'resize') {
    if (type !== action.fromSku && !(resuming && type === action.toSku)) {
      throw new GcpOperationError(
        'resize',
        id,
        `the instance is ${type}, not ${action.fromSku}: it changed since the proposal was approved; re-run the analysis`,
      );
    }
    try {
      await ctx.machineTypes.get({ project: ref.project, zone: ref.zone, machineType: action.toSku });
    } catch (error) {
      throw new GcpOperationError('machineTypes.get', id, `${action.toSku} is not offered in ${ref.zone} (${gcpErrorText(error)})`, { cause: error });
    }
    if (status !== RUNNING && status !== STOPPED)
      throw new GcpOperationError('resize', id, `the instance is ${status}; retry once it is RUNNING or TERMINATED`);
  } else if (!resuming) {
    const from = action.type === 'stop' ? RUNNING : STOPPED;
    if (status !== from) throw new GcpOperationError(action.type, id, `the instance is ${status}, not ${from}: it changed since the proposal was approved`);
  }
  return instance;
}

export function planSteps(action: Action, instance: Instance): string[] {
  const id = action.resourceId;
  if (action.type === 'stop') return [`instances.stop ${id} (poll the zone operation)`];
  if (action.type === 'start') return [`instances.start ${id} (poll the zone operation)`];
  if (action.type !== 'resize') return [];
  const change = `instances.setMachineType ${id} ${action.fromSku} → ${action.toSku}`;
  return instance.status === RUNNING ? [`instances.stop ${id}`, change, `instances.start ${id}`] : [`${change} (instance stays stopped)`];
}

async function writeMarker(ctx: GcpContext, ref: InstanceRef, marker: AppliedMarker): Promise<void> {
  const instance = await readInstance(ctx, ref);
  const items = (instance.metadata?.items ?? []).filter((i) => i.key !== markerKey(marker.idempotencyKey));
  items.push({ key: markerKey(marker.idempotencyKey), value: encodeMarker(marker) });
  // The fingerprint makes the metadata write fail if anyone changed metadata since our read.
  await runZoneOperation(ctx, ref, 'instances.setMetadata', () =>
    ctx.instances.setMetadata({
      ...ref,
      metadataResource: { fingerprint: instance.metadata?.fingerprint ?? null, items },
      requestId: requestIdFor(marker.idempotencyKey, `metadata-${marker.status}`),
    }),
  );
}

/** stop → setMachineType → start (start only if it was running), each call with a requestId derived from the key. */
export async function applyAction(ctx: GcpContext, ref: InstanceRef, action: Action, key: string): Promise<{ marker: AppliedMarker; appliedNow: boolean }> {
  const current = await readInstance(ctx, ref);
  const existing = readMarker(current.metadata?.items, key);
  if (existing?.status === 'done') return { marker: existing, appliedNow: false };
  const instance = await validate(ctx, ref, action, existing !== undefined);
  const status = String(instance.status);
  const type = lastSegment(instance.machineType);
  const marker: AppliedMarker = existing ?? {
    status: 'pending',
    actionType: action.type,
    idempotencyKey: key,
    priorSku: action.type === 'resize' ? action.fromSku : status,
    currentSku: action.type === 'resize' ? action.toSku : action.type === 'stop' ? STOPPED : RUNNING,
    priorState: status,
    at: ctx.clock(),
  };
  if (!existing) await writeMarker(ctx, ref, marker);
  const stop = () => runZoneOperation(ctx, ref, 'instances.stop', () => ctx.instances.stop({ ...ref, requestId: requestIdFor(key, 'stop') }));
  const start = () => runZoneOperation(ctx, ref, 'instances.start', () => ctx.instances.start({ ...ref, requestId: requestIdFor(key, 'start') }));
  if (action.type === 'resize') {
    if (type !== action.toSku) {
      if (status !== STOPPED) await stop();
      await runZoneOperation(ctx, ref, 'instances.setMachineType', () =>
        ctx.instances.setMachineType({
          ...ref,
          instancesSetMachineTypeRequestResource: { machineType: `zones/${ref.zone}/machineTypes/${action.toSku}` },
          requestId: requestIdFor(key, 'setMachineType'),
        }),
      );
    }
    if (marker.priorState === RUNNING && String((await readInstance(ctx, ref)).status) !== RUNNING) await start();
  } else if (action.type === 'stop' && status !== STOPPED) {
    await stop();
  } else if (action.type === 'start' && status !== RUNNING) {
    await start();
  } else if (action.type !== 'stop' && action.type !== 'start') {
    throw new GcpOperationError(action.type, instanceId(ref), `${action.type} is not implemented for GCP`);
  }
  const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
  await writeMarker(ctx, ref, done);
  return { marker: done, appliedNow: true };
}
