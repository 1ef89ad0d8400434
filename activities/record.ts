import type { AuditStore } from '../audit/index.js';
import { digestOf, type Actor, type DecisionEntry, type DecisionRecord, type Step } from '../core/index.js';
import { decisionFieldsOf, type LlmCall } from '../agents/index.js';

export interface StepRecord {
  workflowId: string;
  findingId: string;
  step: Step;
  actor: Actor;
  input: unknown;
  summary: string;
  output: unknown;
  outcome: string;
  at: string;
  ruleVersions?: Record<string, number>;
  llm?: LlmCall;
  /** Makes the append idempotent across activity retries. */
  key: string;
}

export function recordStep(audit: AuditStore, r: StepRecord): Promise<DecisionRecord> {
  const entry: DecisionEntry = {
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
  };
  return audit.append(entry, r.key);
}

export const SYSTEM: Actor = { kind: 'system', id: 'tollgate' };
