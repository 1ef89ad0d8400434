import { tagValue, type Resource } from '../core/index.js';
import type { Policy } from './policy.js';

export function isProduction(resource: Resource, policy: Policy): boolean {
  const env = tagValue(resource.tags, policy.tags.envKey);
  return env !== undefined && policy.tags.productionValues.includes(env.toLowerCase());
}

/** Production or large changes are high risk; an untagged environment is medium. */
export function riskOf(resource: Resource, monthlySavingsUsd: number, policy: Policy): 'low' | 'medium' | 'high' {
  if (isProduction(resource, policy) || monthlySavingsUsd >= 1000) return 'high';
  if (tagValue(resource.tags, policy.tags.envKey) === undefined) return 'medium';
  return 'low';
}
