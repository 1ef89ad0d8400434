import type { VirtualMachine } from '@azure/arm-compute';
import type { Resource } from '../../core/index.js';

/** The `PowerState/*` code from the VM's instance view (running, deallocated, stopped, …). */
export function powerStateOf(vm: VirtualMachine): string {
  const code = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
  return code ? code.slice('PowerState/'.length) : 'unknown';
}

/** "stopped" in Azure means powered off but still allocated (and billed); deallocated is the cheap one. */
export function resourceStateOf(power: string): Resource['state'] {
  if (power === 'running' || power === 'starting') return 'running';
  if (power === 'deallocated' || power === 'deallocating') return 'deallocated';
  if (power === 'stopped' || power === 'stopping') return 'stopped';
  return 'unknown';
}
