import { z } from 'zod';
import { ActorSchema } from './proposal.js';

/** `revoke`: an approver withdraws a standing approval (an off-hours enrollment). */
export const StepSchema = z.enum([
  'detect',
  'enrich',
  'propose',
  'check',
  'plan',
  'notify',
  'approve',
  'expire',
  'execute',
  'verify',
  'rollback',
  'abort',
  'revoke',
]);
export type Step = z.infer<typeof StepSchema>;

/** What a step appends to the audit log; seq, id, prevHash and hash are added by the store. */
export const DecisionEntrySchema = z.object({
  at: z.string(),
  workflowId: z.string(),
  findingId: z.string(),
  step: StepSchema,
  actor: ActorSchema,
  model: z.string().optional(),
  promptId: z.string().optional(),
  promptVersion: z.string().optional(),
  promptHash: z.string().optional(),
  tokens: z.object({ input: z.number(), output: z.number(), cached: z.number() }).optional(),
  costUsd: z.number().optional(),
  /** For agent model calls: which agent spent, shown back to which owner, against which budget. */
  agentId: z.string().optional(),
  owner: z.string().optional(),
  budgetId: z.string().optional(),
  ruleVersions: z.record(z.string(), z.number()).optional(),
  input: z.object({ digest: z.string(), summary: z.string() }),
  output: z.unknown(),
  outcome: z.string(),
});
export type DecisionEntry = z.infer<typeof DecisionEntrySchema>;

export const DecisionRecordSchema = DecisionEntrySchema.extend({
  /** Record format (audit/chain.ts): 1 hashed the JSON alone, 2 also the idempotency key. */
  version: z.number().int().positive().optional(),
  seq: z.number().int().positive(),
  id: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

/** Hash of the first record's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);
