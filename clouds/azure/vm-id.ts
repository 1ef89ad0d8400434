import { AzureOperationError } from './errors.js';

export interface VmRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const VM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i;

/** Splits an ARM VM id into the parts the compute SDK's calls take. */
export function parseVmId(id: string): VmRef {
  const match = VM_ID.exec(id);
  if (!match) {
    throw new AzureOperationError(
      'parse',
      id,
      'not a virtual machine id (/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name})',
    );
  }
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! };
}
