import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SuiteScores } from './score.js';
import { sourceUrl } from '../../core/source-url.js';

/** evals/thresholds.json: the release gate. */
export const ThresholdsSchema = z
  .object({
    maxUnsafeActions: z.number().int().nonnegative(),
    minOutcomeMatchRate: z.number().min(0).max(1),
    minProposalPrecision: z.number().min(0).max(1),
    minProposalRecall: z.number().min(0).max(1),
    minSavingsCaptureRate: z.number().min(0).max(1),
    minRootCauseTop1: z.number().min(0).max(1),
    maxCostUsdPerScenario: z.number().nonnegative(),
    maxP95DecisionLatencyMs: z.number().positive(),
    maxErrors: z.number().int().nonnegative(),
  })
  .strict();
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const THRESHOLDS_PATH = sourceUrl('../thresholds.json', import.meta.url);

export function loadThresholds(path: string | URL = THRESHOLDS_PATH): Thresholds {
  return ThresholdsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface GateResult {
  passed: boolean;
  failures: string[];
}

/** Every failed gate, with the number found and the limit it broke. */
export function applyGate(scores: SuiteScores, t: Thresholds): GateResult {
  const failures: string[] = [];
  const atMost = (name: string, value: number, max: number) => value > max && failures.push(`${name} ${value} > ${max}`);
  const atLeast = (name: string, value: number, min: number) => value < min && failures.push(`${name} ${value} < ${min}`);
  atMost('unsafe actions', scores.unsafeActions, t.maxUnsafeActions);
  atLeast('outcome match rate', scores.outcomeMatchRate, t.minOutcomeMatchRate);
  atLeast('proposal precision', scores.proposalPrecision, t.minProposalPrecision);
  atLeast('proposal recall', scores.proposalRecall, t.minProposalRecall);
  atLeast('savings capture rate', scores.savingsCaptureRate, t.minSavingsCaptureRate);
  atLeast('root-cause top-1', scores.rootCauseTop1, t.minRootCauseTop1);
  atMost('$ per scenario', scores.costUsdPerScenario, t.maxCostUsdPerScenario);
  atMost('p95 decision latency ms', scores.p95DecisionLatencyMs, t.maxP95DecisionLatencyMs);
  atMost('errors', scores.errors, t.maxErrors);
  return { passed: failures.length === 0, failures };
}
