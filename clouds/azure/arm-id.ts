import { AzureOperationError } from './errors.js';

export interface ArmRef {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. Microsoft.Compute/disks */
  type: string;
  name: string;
}

const ARM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i;

/** Splits an ARM resource id; `expected` (e.g. Microsoft.Compute/disks) must match its type. */
export function parseArmId(id: string, expected: string): ArmRef {
  const match = ARM_ID.exec(id);
  if (!match || match[3]!.toLowerCase() !== expected.toLowerCase())
    throw new AzureOperationError('parse', id, `not a ${expected} id (/subscriptions/{s}/resourceGroups/{rg}/providers/${expected}/{name})`);
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, type: expected, name: match[4]! };
}

/** The resource type of an ARM id (Microsoft.Compute/virtualMachines, …), lower case; '' when it is none. */
export function armTypeOf(id: string): string {
  return ARM_ID.exec(id)?.[3]?.toLowerCase() ?? '';
}
