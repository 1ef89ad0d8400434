import type { Resource } from '../core/index.js';
import type { Policy } from './policy.js';
import { tagsOf } from './resource-tags.js';

/** Production when any variant of the env tag, under any of its aliases, names a production value. */
export function isProduction(resource: Resource, policy: Policy): boolean {
  return tagsOf(resource, policy).isProduction;
}

/** Production or large changes are high risk; an untagged environment is medium. */
export function riskOf(resource: Resource, monthlySavingsUsd: number, policy: Policy): 'low' | 'medium' | 'high' {
  if (isProduction(resource, policy) || monthlySavingsUsd >= 1000) return 'high';
  if (!tagsOf(resource, policy).has(policy.tags.envKey)) return 'medium';
  return 'low';
}
