import type { AuditStore } from '../audit/index.js';
import { DecisionEntrySchema, digestOf, type Actor, type DecisionRecord, type Step, type StepOutput } from '../core/index.js';
import { decisionFieldsOf, type LlmCall } from '../agents/index.js';

interface StepRecordOf<S extends Step> {
  workflowId: string;
  findingId: string;
  step: S;
  actor: Actor;
  input: unknown;
  summary: string;
  /** Typed per step (core/step-outputs.ts); the store validates it again on append. */
  output: StepOutput<S>;
  /** For people: readers decide on `output`, never on this text. */
  outcome: string;
  at: string;
  ruleVersions?: Record<string, number>;
  llm?: LlmCall;
  /** Makes the append idempotent across activity retries. */
  key: string;
}

/** One step's record to append, its output typed by its step. */
export type StepRecord = { [S in Step]: StepRecordOf<S> }[Step];

/** What a workflow hands the recordOutcome activity: a step record without its input, time and prefix-less key. */
export type OutcomeRecord = { [S in Step]: Omit<StepRecordOf<S>, 'input' | 'at' | 'ruleVersions' | 'llm'> }[Step];

export function recordStep(audit: AuditStore, r: StepRecord): Promise<DecisionRecord> {
  // Parsed here too, so a writer's mistake fails in the step that made it, naming the field.
  const entry = DecisionEntrySchema.parse({
    at: r.at,
    workflowId: r.workflowId,
    findingId: r.findingId,
    step: r.step,
    actor: r.actor,
    input: { digest: digestOf(r.input ?? null), summary: r.summary },
    output: r.output,
    outcome: r.outcome,
    ...(r.ruleVersions ? { ruleVersions: r.ruleVersions } : {}),
    ...(r.llm ? decisionFieldsOf(r.llm) : {}),
  });
  return audit.append(entry, r.key);
}

export const SYSTEM: Actor = { kind: 'system', id: 'tollgate' };
