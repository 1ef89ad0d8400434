import { GcpOperationError } from './errors.js';

export interface InstanceRef {
  project: string;
  zone: string;
  instance: string;
}

const INSTANCE_ID = /^projects\/([^/]+)\/zones\/([^/]+)\/instances\/([^/]+)$/;

/** Resource ids are the instance's relative path: projects/{project}/zones/{zone}/instances/{name}. */
export function parseInstanceId(id: string): InstanceRef {
  const match = INSTANCE_ID.exec(id);
  if (!match) throw new GcpOperationError('parse', id, 'not an instance id (projects/{project}/zones/{zone}/instances/{name})');
  return { project: match[1]!, zone: match[2]!, instance: match[3]! };
}

export function instanceId(ref: InstanceRef): string {
  return `projects/${ref.project}/zones/${ref.zone}/instances/${ref.instance}`;
}

/** The last path segment of a GCE URL (zone, machine type): …/machineTypes/n2-standard-8 → n2-standard-8. */
export function lastSegment(url: string | null | undefined): string {
  return (url ?? '').split('/').at(-1) ?? '';
}

/** us-central1-a → us-central1 */
export function regionOfZone(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}
