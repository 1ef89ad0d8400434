import type { ScenarioRun } from './scenario-run.js';

/** What happened in one scenario, as the scorer reads it. Both modes produce this shape. */
export interface ScenarioOutcome {
  id: string;
  title: string;
  kind: 'rightsizing' | 'anomaly';
  mode: 'fast' | 'full';
  finalState: string;
  outcome: string;
  /** A proposal passed guardrails and was put in front of humans. */
  proposed: boolean;
  proposalSource?: 'llm' | 'fallback' | 'rule';
  /** Every mutation the cloud saw during the scenario (out-of-band changes excluded). */
  mutations: { resourceId: string; fromSku: string; toSku: string; idempotencyKey: string }[];
  /** Approvals counted before the first mutation, and how many were required. */
  approvalsBeforeMutation: number;
  approvalsRequired: number;
  /** Monthly USD saved by the sizes the scenario ends with (0 after a rollback). */
  savingsCapturedUsd: number;
  rootCause?: string;
  tokens: { input: number; output: number; cached: number };
  costUsd: number;
  modelCalls: number;
  /** Fast mode: how the model calls ended and how often a template answered instead. */
  calls?: CallTally;
  /** Start to the decision point: the approval request posted or the block recorded. */
  decisionLatencyMs?: number;
  /** Last approval to the change applied. */
  approvalToExecutionMs?: number;
  /** Decisions the validator refused, and whether the scenario expected it. */
  refusedDecisions: number;
  unexpectedRefusals: number;
  /** The execute step found its own earlier apply (a retry after a crash or a killed worker). */
  appliedOnRetry: boolean;
  error?: string;
  durationMs: number;
}

export interface CallTally {
  requests: number;
  outputTokensPerCall: number;
  cut: number;
  timeout: number;
  invalid: number;
  error: number;
  fallbacks: number;
  fallbackReasons: string[];
}

export function emptyOutcome(run: ScenarioRun, mode: 'fast' | 'full', started: number): ScenarioOutcome {
  return {
    id: run.scenario.id,
    title: run.scenario.title,
    kind: run.scenario.kind,
    mode,
    finalState: 'NoFinding',
    outcome: '',
    proposed: false,
    mutations: [],
    approvalsBeforeMutation: 0,
    approvalsRequired: 0,
    savingsCapturedUsd: 0,
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: 0,
    modelCalls: 0,
    refusedDecisions: 0,
    unexpectedRefusals: 0,
    appliedOnRetry: false,
    durationMs: Date.now() - started,
  };
}

/** A scenario that threw: nothing happened that it could score, and the error says why. */
export function failed(run: ScenarioRun, mode: 'fast' | 'full', error: unknown): ScenarioOutcome {
  const message = (error as Error).message;
  return { ...emptyOutcome(run, mode, Date.now()), finalState: 'Error', outcome: message, error: message, durationMs: 0 };
}
