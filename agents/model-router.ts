import type { LlmConfig, ModelRoute } from './model-config.js';

export type RouteReason = 'default-small' | 'above-threshold' | 'repair-escalation' | 'largest-strategy';

export interface ModelChoice {
  model: string;
  reason: RouteReason;
}

/** The first attempt: small unless the finding is worth enough to pay for the large model. */
export function firstModel(config: LlmConfig, route: ModelRoute, findingUsd: number): ModelChoice {
  if (config.strategy === 'largest') return { model: route.large, reason: 'largest-strategy' };
  if (Math.abs(findingUsd) > route.escalateAboveUsd) return { model: route.large, reason: 'above-threshold' };
  return { model: route.small, reason: 'default-small' };
}

/** A repair after a failed validation always goes to the large model. */
export function repairModel(config: LlmConfig, route: ModelRoute): ModelChoice {
  return { model: route.large, reason: config.strategy === 'largest' ? 'largest-strategy' : 'repair-escalation' };
}
