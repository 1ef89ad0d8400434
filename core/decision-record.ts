import { z } from 'zod';
import { ActorSchema } from './proposal.js';
import {
  AbortOutputSchema,
  ApproveOutputSchema,
  CheckOutputSchema,
  ClaimOutputSchema,
  DetectOutputSchema,
  EnrichOutputSchema,
  ExecuteOutputSchema,
  ExpireOutputSchema,
  FeedbackOutputSchema,
  NotifyOutputSchema,
  PlanOutputSchema,
  ProposeOutputSchema,
  RevokeOutputSchema,
  RollbackOutputSchema,
  VerifyOutputSchema,
} from './step-outputs.js';

/** Each step's output schema (core/step-outputs.ts); the record's `step` picks which one applies. */
const OUTPUTS = {
  detect: DetectOutputSchema,
  enrich: EnrichOutputSchema,
  propose: ProposeOutputSchema,
  check: CheckOutputSchema,
  plan: PlanOutputSchema,
  notify: NotifyOutputSchema,
  approve: ApproveOutputSchema,
  expire: ExpireOutputSchema,
  /** A change takes a numbered slot of its run's blast radius before it is applied. */
  claim: ClaimOutputSchema,
  execute: ExecuteOutputSchema,
  verify: VerifyOutputSchema,
  rollback: RollbackOutputSchema,
  abort: AbortOutputSchema,
  /** An approver withdraws a standing approval (an off-hours enrollment). */
  revoke: RevokeOutputSchema,
  /** An owner's verdict on a cost incident's alert (expected, unexpected, planned). */
  feedback: FeedbackOutputSchema,
} as const;

export const StepSchema = z.enum(Object.keys(OUTPUTS) as [keyof typeof OUTPUTS, ...(keyof typeof OUTPUTS)[]]);
export type Step = z.infer<typeof StepSchema>;
export type StepOutput<S extends Step> = z.infer<(typeof OUTPUTS)[S]>;

/** The fields every record has, whatever its step. */
const EntryFields = {
  at: z.string(),
  workflowId: z.string(),
  findingId: z.string(),
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
  /** For people reading the log; no reader decides anything on it (the output's typed fields say what happened). */
  outcome: z.string(),
};

function entryOf<S extends Step>(step: S) {
  return z.object({ ...EntryFields, step: z.literal(step), output: OUTPUTS[step] as (typeof OUTPUTS)[S] });
}

/** What a step appends to the audit log; seq, id, prevHash and hash are added by the store. */
export const DecisionEntrySchema = z.discriminatedUnion('step', [
  entryOf('detect'),
  entryOf('enrich'),
  entryOf('propose'),
  entryOf('check'),
  entryOf('plan'),
  entryOf('notify'),
  entryOf('approve'),
  entryOf('expire'),
  entryOf('claim'),
  entryOf('execute'),
  entryOf('verify'),
  entryOf('rollback'),
  entryOf('abort'),
  entryOf('revoke'),
  entryOf('feedback'),
]);
export type DecisionEntry = z.infer<typeof DecisionEntrySchema>;
/** The entry of one step, its output typed. */
export type EntryOf<S extends Step> = Extract<DecisionEntry, { step: S }>;

export const RecordFieldsSchema = z.object({
  /** Record format (audit/chain.ts): 1 hashed the JSON alone and had untyped outputs, 2 is typed and hashes every column. */
  version: z.number().int().positive().optional(),
  seq: z.number().int().positive(),
  id: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type DecisionRecord = DecisionEntry & z.infer<typeof RecordFieldsSchema>;
/** A record of one step, its output typed. */
export type RecordOf<S extends Step> = Extract<DecisionRecord, { step: S }>;

/** Hash of the first record's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);
