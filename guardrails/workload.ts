import type { Resource } from '../core/index.js';
import type { Policy } from './policy.js';
import { tagsOf } from './resource-tags.js';

/** A workload people wait on, by the policy's tag (e.g. workload=user-facing): any variant naming it counts. */
export function isUserFacing(resource: Resource, policy: Policy): boolean {
  const { tagKey, tagValues } = policy.rightsizing.userFacing;
  return tagsOf(resource, policy).anyValueIn(tagKey, tagValues);
}
