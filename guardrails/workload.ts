import { tagValue, type Resource } from '../core/index.js';
import type { Policy } from './policy.js';

/** A workload people wait on, by the policy's tag (e.g. workload=user-facing). */
export function isUserFacing(resource: Resource, policy: Policy): boolean {
  const { tagKey, tagValues } = policy.rightsizing.userFacing;
  const value = tagValue(resource.tags, tagKey);
  return value !== undefined && tagValues.some((v) => v.toLowerCase() === value.toLowerCase());
}
