import type { Resource } from '../core/index.js';
import type { Policy } from './policy.js';
import { policyTagValue } from './tag-lookup.js';

/** Production by the env tag, under any of its aliases (Environment=Production counts). */
export function isProduction(resource: Resource, policy: Policy): boolean {
  const env = policyTagValue(resource.tags, policy.tags.envKey, policy);
  return env !== undefined && policy.tags.productionValues.some((v) => v.toLowerCase() === env.toLowerCase());
}

/** Production or large changes are high risk; an untagged environment is medium. */
export function riskOf(resource: Resource, monthlySavingsUsd: number, policy: Policy): 'low' | 'medium' | 'high' {
  if (isProduction(resource, policy) || monthlySavingsUsd >= 1000) return 'high';
  if (policyTagValue(resource.tags, policy.tags.envKey, policy) === undefined) return 'medium';
  return 'low';
}
