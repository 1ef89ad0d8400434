import type { AgentId, TokenUsage } from './model-config.js';
import type { RouteReason } from './model-router.js';

/**
 * One model call as the audit log, the spend ledger and the trace record it. A call a
 * budget refused is recorded too (outcome throttled or revoked, no tokens, no cost).
 */
export interface LlmCall {
  agentId: AgentId;
  runId: string;
  findingId: string;
  /** Who the spend is shown back to: the resource owner from its tags, else `unowned`. */
  owner: string;
  budgetId: string;
  promptId: string;
  promptVersion: string;
  promptHash: string;
  model: string;
  routeReason: RouteReason | 'budget';
  tokens: TokenUsage;
  costUsd: number;
  cacheHit: boolean;
  attempt: 'first' | 'repair';
  outcome: 'valid' | 'invalid' | 'error' | 'throttled' | 'revoked';
  problem?: string;
}

/** The DecisionRecord fields of a call, for activities/ to spread into an audit entry. */
export function decisionFieldsOf(call: LlmCall) {
  return {
    model: call.model,
    promptId: call.promptId,
    promptVersion: call.promptVersion,
    promptHash: call.promptHash,
    tokens: call.tokens,
    costUsd: call.costUsd,
    agentId: call.agentId,
    owner: call.owner,
    budgetId: call.budgetId,
  };
}
