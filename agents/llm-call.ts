import type { Fallback } from '../core/index.js';
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
  /** retry: the same request again after a transient failure (a refused connection, HTTP 429/503). */
  attempt: 'first' | 'repair' | 'retry';
  /**
   * cut: the completion stopped at max_tokens (never parsed); timeout: no answer in time (or no
   * free slot before the finding's budget ran out); too-large: the prompt was over the input cap,
   * nothing was sent.
   */
  outcome: 'valid' | 'invalid' | 'cut' | 'timeout' | 'too-large' | 'error' | 'throttled' | 'revoked';
  problem?: string;
  /** As the endpoint said it (`stop`, `length`, `tool_calls`); absent when no answer came. */
  finishReason?: string;
  /** A timed-out call's tokens are the prompt estimate and the full output cap: what it may be billed. */
  tokensEstimated?: boolean;
  /** The output cap sent as max_tokens, and the response format asked for. */
  maxOutputTokens?: number;
  responseFormat?: string;
  durationMs?: number;
}

/** Why an answer came from the deterministic template instead of the model. */
export type FallbackReason = Fallback['reason'];

/** The fallback reason a failed call leaves, in words an approver reads. */
export const FALLBACK_WORDS: Readonly<Record<FallbackReason, string>> = {
  'no-model': 'no model configured',
  budget: 'agent budget reached',
  'too-large': 'prompt over the input cap',
  timeout: 'the model timed out',
  cut: 'the answer was cut at the output cap',
  invalid: 'the model answered invalid JSON',
  error: 'the model endpoint failed',
};

export function fallbackReasonOf(call: LlmCall | undefined): FallbackReason {
  if (!call) return 'no-model';
  switch (call.outcome) {
    case 'throttled':
    case 'revoked':
      return 'budget';
    case 'valid':
    case 'invalid':
      return 'invalid';
    default:
      return call.outcome;
  }
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

/** The note an approver sees: the reason in words, and the model, cap or time it concerns. */
export function fallbackNote(reason: FallbackReason, calls: readonly LlmCall[]): Fallback {
  const last = calls.at(-1);
  const facts: string[] = [];
  if (last && reason !== 'no-model') facts.push(`model ${last.model}`);
  if (reason === 'cut' && last?.maxOutputTokens) facts.push(`cap ${last.maxOutputTokens} tokens`);
  if (reason === 'timeout' && last?.durationMs !== undefined) facts.push(`after ${Math.round(last.durationMs / 100) / 10} s`);
  const attempts = calls.filter((c) => !c.cacheHit).length;
  if (attempts > 1) facts.push(`${attempts} attempts`);
  return { reason, detail: `${FALLBACK_WORDS[reason]}${facts.length ? ` (${facts.join(', ')})` : ''}` };
}
