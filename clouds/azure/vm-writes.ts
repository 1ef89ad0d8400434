import type { VirtualMachine, VirtualMachineUpdate } from '@azure/arm-compute';
import { armCall, readVm, type AzureContext } from './azure-context.js';
import type { VmRef } from './vm-id.js';

/**
 * PATCH the VM, guarded by the etag of the copy we read: if anyone changed the VM in between,
 * ARM answers 412 and nothing is written. Tags in a PATCH replace the whole set, so callers
 * pass the full tag map.
 */
export async function patchVm(ctx: AzureContext, ref: VmRef, id: string, read: VirtualMachine, update: VirtualMachineUpdate): Promise<VirtualMachine> {
  return armCall('virtualMachines.update', id, () =>
    ctx.compute.virtualMachines.update(ref.resourceGroup, ref.name, update, {
      updateIntervalInMs: ctx.pollIntervalMs,
      ...(read.etag ? { ifMatch: read.etag } : {}),
    }),
  );
}

export async function deallocateVm(ctx: AzureContext, ref: VmRef, id: string): Promise<void> {
  await armCall('virtualMachines.deallocate', id, () =>
    ctx.compute.virtualMachines.deallocate(ref.resourceGroup, ref.name, { updateIntervalInMs: ctx.pollIntervalMs }),
  );
}

export async function startVm(ctx: AzureContext, ref: VmRef, id: string): Promise<void> {
  await armCall('virtualMachines.start', id, () => ctx.compute.virtualMachines.start(ref.resourceGroup, ref.name, { updateIntervalInMs: ctx.pollIntervalMs }));
}

/** Sizes the VM can take now: on its current cluster when allocated, the whole region when deallocated. */
export async function availableSizes(ctx: AzureContext, ref: VmRef, id: string): Promise<string[]> {
  return armCall('virtualMachines.listAvailableSizes', id, async () => {
    const names: string[] = [];
    for await (const size of ctx.compute.virtualMachines.listAvailableSizes(ref.resourceGroup, ref.name)) if (size.name) names.push(size.name);
    return names;
  });
}

export { readVm };
