import { normalizeTagKey, tagValue } from '../core/index.js';
import type { Policy } from './policy.js';

/**
 * A tag's value by its normalized key, also under any alias the policy lists for it
 * (e.g. env from Environment or stage), so a spelling never escapes a rule.
 */
export function policyTagValue(tags: Record<string, string>, key: string, policy: Policy): string | undefined {
  const wanted = normalizeTagKey(key);
  const aliases = Object.entries(policy.tags.aliases).find(([k]) => normalizeTagKey(k) === wanted)?.[1] ?? [];
  for (const candidate of [key, ...aliases]) {
    const value = tagValue(tags, candidate);
    if (value !== undefined) return value;
  }
  return undefined;
}
