import type { VirtualMachine } from '@azure/arm-compute';
import type { Resource } from '../../core/index.js';
import { latestDoneAt, userTags } from './applied-marker.js';
import { powerStateOf, resourceStateOf } from './power-state.js';

/** An ARM VM as a core Resource; the power state needs the instance view (absent in list results). */
export function vmToResource(vm: VirtualMachine, subscriptionId: string, power?: string): Resource {
  const lastChangedAt = latestDoneAt(vm.tags) ?? vm.timeCreated?.toISOString();
  return {
    id: vm.id ?? '',
    provider: 'azure',
    account: subscriptionId,
    region: vm.location,
    kind: 'vm',
    name: vm.name ?? '',
    sku: vm.hardwareProfile?.vmSize ?? 'unknown',
    state: resourceStateOf(power ?? powerStateOf(vm)),
    tags: userTags(vm.tags),
    ...(lastChangedAt ? { lastChangedAt } : {}),
  };
}
