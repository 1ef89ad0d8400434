import type { protos } from '@google-cloud/compute';
import type { Resource } from '../../core/index.js';
import { latestDoneAt } from './applied-marker.js';
import { instanceId, lastSegment, regionOfZone } from './instance-ref.js';
import { labelsToTags } from './labels.js';

type Instance = protos.google.cloud.compute.v1.IInstance;

/** RUNNING/STAGING/PROVISIONING count as running; TERMINATED is GCE's word for stopped. */
function stateOf(status: string | null | undefined): Resource['state'] {
  if (status === 'RUNNING' || status === 'STAGING' || status === 'PROVISIONING') return 'running';
  if (status === 'TERMINATED' || status === 'STOPPED' || status === 'STOPPING' || status === 'SUSPENDED') return 'stopped';
  return 'unknown';
}

export function instanceToResource(instance: Instance, project: string): Resource {
  const zone = lastSegment(instance.zone);
  const lastChangedAt = latestDoneAt(instance.metadata?.items) ?? (instance.creationTimestamp ? new Date(instance.creationTimestamp).toISOString() : undefined);
  return {
    id: instanceId({ project, zone, instance: instance.name ?? '' }),
    provider: 'gcp',
    account: project,
    region: regionOfZone(zone),
    kind: 'vm',
    name: instance.name ?? '',
    sku: lastSegment(instance.machineType),
    state: stateOf(typeof instance.status === 'string' ? instance.status : undefined),
    tags: labelsToTags(instance.labels),
    ...(lastChangedAt ? { lastChangedAt } : {}),
  };
}
