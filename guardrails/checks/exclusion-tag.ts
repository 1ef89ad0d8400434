import { describeVariants } from '../../core/index.js';
import { fail, pass, type Check } from '../check.js';
import { tagsOf } from '../resource-tags.js';

/**
 * `tollgate:exclude=true` means never touched, whatever else is true. Every variant of the key
 * (case, spacing, aliases) is read, and any one that is not an explicit no excludes.
 */
export const exclusionTag: Check = {
  name: 'exclusion-tag',
  version: 2,
  appliesTo: () => true,
  run: ({ resource, policy }) => {
    const key = policy.tags.excludeKey;
    const tags = tagsOf(resource, policy);
    const variants = tags.variants(key);
    const excluding = tags.exclusionVariants;
    const numbers = { tag: key, variants: variants.length };
    if (excluding.length > 0) {
      const others = variants.filter((v) => !excluding.includes(v));
      const overruled = others.length > 0 ? `; ${describeVariants(others)} does not undo it: any variant but an explicit no excludes` : '';
      return fail(`resource is tagged ${describeVariants(excluding)}${overruled}`, numbers);
    }
    return pass(variants.length > 0 ? `${describeVariants(variants)}: not excluded` : `not tagged ${key}`, numbers);
  },
};
