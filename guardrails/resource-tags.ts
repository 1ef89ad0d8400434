import { readTags, type PolicyTagReading, type Resource } from '../core/index.js';
import type { Policy } from './policy.js';

/** A resource's tags read under the policy (aliases, exclusion key, production values): the only way guardrails read tags. */
export function tagsOf(resource: Pick<Resource, 'tags'>, policy: Policy): PolicyTagReading {
  return readTags(resource.tags, policy.tags);
}
