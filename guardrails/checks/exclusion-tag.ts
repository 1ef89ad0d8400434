import { tagValue } from '../../core/index.js';
import { fail, pass, type Check } from '../check.js';

/** `tollgate:exclude=true` means never touched, whatever else is true. */
export const exclusionTag: Check = {
  name: 'exclusion-tag',
  version: 1,
  appliesTo: () => true,
  run: ({ resource, policy }) => {
    const value = tagValue(resource.tags, policy.tags.excludeKey);
    const excluded = value !== undefined && value.toLowerCase() === 'true';
    return excluded
      ? fail(`resource is tagged ${policy.tags.excludeKey}=true`, { tag: policy.tags.excludeKey })
      : pass(`not tagged ${policy.tags.excludeKey}=true`, { tag: policy.tags.excludeKey });
  },
};
