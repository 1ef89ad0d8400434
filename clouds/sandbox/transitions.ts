import type { Action, Resource } from '../../core/index.js';

export interface Transition {
  /** What the resource is before and after, in the words MutationResult records. */
  prior: Resource['state'];
  next: Resource['state'];
  steps: string[];
}

/**
 * What a non-resize action does to a sandbox resource, or why it cannot: the validation a
 * real provider's dry-run performs (state, kind, attachment).
 */
export function transitionFor(action: Action, resource: Resource): Transition {
  const where = `${resource.id} (${resource.kind}, ${resource.state})`;
  switch (action.type) {
    case 'stop':
      if (resource.kind !== 'vm' || resource.state !== 'running') throw new Error(`sandbox: cannot stop ${where}: only a running VM stops`);
      return { prior: 'running', next: 'stopped', steps: [`stop ${resource.id}`] };
    case 'start':
      if (resource.kind !== 'vm' || resource.state !== 'stopped') throw new Error(`sandbox: cannot start ${where}: only a stopped VM starts`);
      return { prior: 'stopped', next: 'running', steps: [`start ${resource.id}`] };
    case 'terminate':
      if (resource.kind !== 'vm' || (resource.state !== 'running' && resource.state !== 'stopped')) throw new Error(`sandbox: cannot terminate ${where}`);
      return { prior: resource.state, next: 'deleted', steps: [`terminate ${resource.id} (its disks go with it)`] };
    case 'delete-volume':
      if (resource.kind !== 'volume' || resource.state !== 'available')
        throw new Error(`sandbox: cannot delete ${where}: only an unattached volume is deleted`);
      return { prior: 'available', next: 'deleted', steps: [`snapshot ${resource.id}`, `delete ${resource.id}`] };
    case 'release-address':
      if (resource.kind !== 'address' || resource.state !== 'available')
        throw new Error(`sandbox: cannot release ${where}: only an unassociated address is released`);
      return { prior: 'available', next: 'deleted', steps: [`release ${resource.id}`] };
    default:
      throw new Error(`sandbox: ${action.type} is not supported on ${where}`);
  }
}
