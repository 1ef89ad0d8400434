import { z } from 'zod';
import { ActionSchema, actionHash, type Action } from './action.js';
import { digestOf } from './canonical.js';

export const ActorSchema = z.object({ kind: z.enum(['system', 'agent', 'human']), id: z.string() });
export type Actor = z.infer<typeof ActorSchema>;

/** Why a deterministic template answered instead of the model; shown wherever the proposal is. */
export const FallbackSchema = z.object({
  reason: z.enum(['no-model', 'budget', 'too-large', 'timeout', 'cut', 'invalid', 'error']),
  /** Tollgate's own words (model, cap, time): never the model's text. */
  detail: z.string().max(500),
});
export type Fallback = z.infer<typeof FallbackSchema>;

/** What an agent proposes. It is untrusted until guardrails.evaluate passes it. */
export const ProposalSchema = z.object({
  findingId: z.string(),
  action: ActionSchema,
  rationale: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  estimatedMonthlySavingsUsd: z.number(),
  proposer: ActorSchema,
  /** llm: a model chose it; fallback: a template after the model failed; rule: a deterministic remediation rule. */
  source: z.enum(['llm', 'fallback', 'rule']),
  /** With source `fallback`: what went wrong with the model. Not part of the proposal hash. */
  fallback: FallbackSchema.optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/**
 * The hash an approver approves. It covers the action and the savings claim, so an
 * approval given for one change can never be spent on another.
 */
export function proposalHash(proposal: Pick<Proposal, 'findingId' | 'action' | 'estimatedMonthlySavingsUsd'>): string {
  return digestOf({
    findingId: proposal.findingId,
    actionHash: actionHash(proposal.action as Action),
    estimatedMonthlySavingsUsd: proposal.estimatedMonthlySavingsUsd,
  });
}
