import type { Action } from '../../core/index.js';
import { readMarker, tagsWithMarker, type AppliedMarker } from './applied-marker.js';
import type { AzureContext } from './azure-context.js';
import { AzureOperationError } from './errors.js';
import { powerStateOf } from './power-state.js';
import { parseVmId } from './vm-id.js';
import { availableSizes, deallocateVm, patchVm, readVm, startVm } from './vm-writes.js';

type ResizeAction = Extract<Action, { type: 'resize' }>;

export interface ResizeAssessment {
  power: string;
  /** The target is not offered on the VM's current cluster: ARM needs the VM deallocated first. */
  needsDeallocation: boolean;
}

function driftError(action: ResizeAction, size: string | undefined): AzureOperationError {
  return new AzureOperationError(
    'resize',
    action.resourceId,
    `the VM is ${size ?? 'unknown'}, not ${action.fromSku}: it changed since the proposal was approved; re-run the analysis`,
  );
}

/**
 * Azure's validation in place of a dry run: the VM exists, is still the approved size, and the
 * target is offered, in place (listAvailableSizes while allocated) or after a deallocation.
 */
export async function assessResize(ctx: AzureContext, action: ResizeAction): Promise<ResizeAssessment> {
  const ref = parseVmId(action.resourceId);
  const vm = await readVm(ctx, ref, action.resourceId);
  if (vm.hardwareProfile?.vmSize !== action.fromSku) throw driftError(action, vm.hardwareProfile?.vmSize);
  const power = powerStateOf(vm);
  const sizes = await availableSizes(ctx, ref, action.resourceId);
  const offered = sizes.includes(action.toSku);
  if (!offered && power === 'deallocated') {
    throw new AzureOperationError('virtualMachines.listAvailableSizes', action.resourceId, `${action.toSku} is not offered for this VM in ${vm.location}`);
  }
  return { power, needsDeallocation: !offered };
}

export function resizeSteps(action: ResizeAction, assessment: ResizeAssessment): string[] {
  const patch = `PATCH hardwareProfile.vmSize ${action.fromSku} → ${action.toSku} (If-Match etag)`;
  if (!assessment.needsDeallocation) return [`${patch}; ARM restarts a running VM in place`];
  const steps = [`deallocate ${action.resourceId} (${action.toSku} is not on the current cluster)`, `confirm ${action.toSku} is offered in the region`, patch];
  return assessment.power === 'running' ? [...steps, `start ${action.resourceId}`] : steps;
}

/** Applies a resize once, resuming from this key's pending marker after a crash. */
export async function applyResize(ctx: AzureContext, action: ResizeAction, idempotencyKey: string): Promise<{ marker: AppliedMarker; appliedNow: boolean }> {
  const id = action.resourceId;
  const ref = parseVmId(id);
  let vm = await readVm(ctx, ref, id);
  const existing = readMarker(vm.tags, idempotencyKey);
  if (existing?.status === 'done') return { marker: existing, appliedNow: false };
  const size = vm.hardwareProfile?.vmSize;
  if (size !== action.fromSku && !(existing && size === action.toSku)) throw driftError(action, size);
  const marker: AppliedMarker = existing ?? {
    status: 'pending',
    actionType: 'resize',
    idempotencyKey,
    priorSku: action.fromSku,
    currentSku: action.toSku,
    priorState: powerStateOf(vm),
    at: ctx.clock(),
  };
  if (!existing) vm = await patchVm(ctx, ref, id, vm, { tags: tagsWithMarker(vm.tags, marker) });
  const done: AppliedMarker = { ...marker, status: 'done', at: ctx.clock() };
  if (size !== action.toSku) {
    vm = await readVm(ctx, ref, id);
    if (!(await availableSizes(ctx, ref, id)).includes(action.toSku)) {
      if (powerStateOf(vm) !== 'deallocated') await deallocateVm(ctx, ref, id);
      if (!(await availableSizes(ctx, ref, id)).includes(action.toSku)) {
        if (marker.priorState === 'running') await startVm(ctx, ref, id);
        throw new AzureOperationError(
          'virtualMachines.update',
          id,
          `${action.toSku} is not offered in ${vm.location} even after deallocation; the VM was restored to its prior power state`,
        );
      }
      vm = await readVm(ctx, ref, id);
    }
    await patchVm(ctx, ref, id, vm, { hardwareProfile: { vmSize: action.toSku }, tags: tagsWithMarker(vm.tags, done) });
  } else {
    await patchVm(ctx, ref, id, vm, { tags: tagsWithMarker(vm.tags, done) });
  }
  if (marker.priorState === 'running' && powerStateOf(await readVm(ctx, ref, id)) !== 'running') await startVm(ctx, ref, id);
  return { marker: done, appliedNow: true };
}
