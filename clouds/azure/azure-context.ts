import type { ComputeManagementClient, VirtualMachine } from '@azure/arm-compute';
import type { MonitorClient } from '@azure/arm-monitor';
import type { NetworkManagementClient } from '@azure/arm-network';
import { AzureOperationError, armErrorText, statusCodeOf } from './errors.js';
import type { VmRef } from './vm-id.js';

export interface AzureContext {
  compute: ComputeManagementClient;
  monitor: MonitorClient;
  network: NetworkManagementClient;
  subscriptionId: string;
  clock: () => string;
  /** How often the SDK polls a long-running operation when ARM sends no Retry-After. */
  pollIntervalMs: number;
}

export class VmNotFound extends AzureOperationError {
  override name = 'VmNotFound';
}

/** The VM with its instance view (power state), or a VmNotFound naming it. */
export async function readVm(ctx: AzureContext, ref: VmRef, id: string): Promise<VirtualMachine> {
  try {
    return await ctx.compute.virtualMachines.get(ref.resourceGroup, ref.name, { expand: 'instanceView' });
  } catch (error) {
    if (statusCodeOf(error) === 404) throw new VmNotFound('virtualMachines.get', id, 'not found in this subscription', { cause: error });
    throw new AzureOperationError('virtualMachines.get', id, armErrorText(error), { cause: error });
  }
}

/** Runs one ARM call and rethrows its failure with the VM and operation named. */
export async function armCall<T>(operation: string, id: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AzureOperationError) throw error;
    throw new AzureOperationError(operation, id, armErrorText(error), { cause: error });
  }
}
