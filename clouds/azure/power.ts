import type { Action } from '../../core/index.js';
import { readMarker, tagsWithMarker, type AppliedMarker } from './applied-marker.js';
import type { AzureContext } from './azure-context.js';
import { AzureOperationError } from './errors.js';
import { powerStateOf } from './power-state.js';
import { parseVmId } from './vm-id.js';
import { deallocateVm, patchVm, readVm, startVm } from './vm-writes.js';

/** `stop` deallocates (a powered-off but allocated Azure VM is still billed); `start` starts. */
const FROM: Record<'stop' | 'start', string[]> = { stop: ['running', 'stopped'], start: ['deallocated', 'stopped'] };
const TARGET: Record<'stop' | 'start', string> = { stop: 'deallocated', start: 'running' };

function powerType(action: Action): 'stop' | 'start' {
  if (action.type !== 'stop' && action.type !== 'start') throw new AzureOperationError(action.type, action.resourceId, 'expected stop or start');
  return action.type;
}

export async function assessPower(ctx: AzureContext, action: Action): Promise<string[]> {
  const type = powerType(action);
  const vm = await readVm(ctx, parseVmId(action.resourceId), action.resourceId);
  const power = powerStateOf(vm);
  if (!FROM[type].includes(power))
    throw new AzureOperationError(type, action.resourceId, `the VM is ${power}, not ${FROM[type].join(' or ')}: it changed since the proposal was approved`);
  return [`${type === 'stop' ? 'deallocate' : 'start'} ${action.resourceId} (wait for the long-running operation)`];
}

export async function applyPower(ctx: AzureContext, action: Action, idempotencyKey: string): Promise<{ marker: AppliedMarker; appliedNow: boolean }> {
  const type = powerType(action);
  const id = action.resourceId;
  const ref = parseVmId(id);
  let vm = await readVm(ctx, ref, id);
  const existing = readMarker(vm.tags, idempotencyKey);
  if (existing?.status === 'done') return { marker: existing, appliedNow: false };
  const power = powerStateOf(vm);
  if (!existing && !FROM[type].includes(power))
    throw new AzureOperationError(type, id, `the VM is ${power}, not ${FROM[type].join(' or ')}: it changed since the proposal was approved`);
  const marker: AppliedMarker = existing ?? {
    status: 'pending',
    actionType: type,
    idempotencyKey,
    priorSku: power,
    currentSku: TARGET[type],
    priorState: power,
    at: ctx.clock(),
  };
  if (!existing) vm = await patchVm(ctx, ref, id, vm, { tags: tagsWithMarker(vm.tags, marker) });
  if (power !== TARGET[type]) await (type === 'stop' ? deallocateVm(ctx, ref, id) : startVm(ctx, ref, id));
  vm = await readVm(ctx, ref, id);
  const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
  await patchVm(ctx, ref, id, vm, { tags: tagsWithMarker(vm.tags, done) });
  return { marker: done, appliedNow: true };
}
