import type { Action, CatalogEntry, CheckResult, Finding, Proposal, Resource, UtilizationSummary } from '../core/index.js';
import type { Policy } from './policy.js';

/** Everything a check may look at: facts read from the cloud at `factsAt`, and the clock passed in. */
export interface CheckContext {
  proposal: Proposal;
  finding: Finding;
  resource: Resource;
  utilization: UtilizationSummary | undefined;
  catalog: readonly CatalogEntry[];
  policy: Policy;
  factsAt: string;
  now: string;
  /** What this run already changed; absent before execution (authorize() enforces it then). */
  runState?: RunState;
  /** What the LLM work on this finding and this run has cost so far; absent when not metered. */
  spend?: Spend;
}

export interface RunState {
  actionsThisRun: number;
  monthlyUsdChangedThisRun: number;
}

export interface Spend {
  agentUsdThisFinding: number;
  runUsd: number;
}

/** A small, named, versioned, pure rule. */
export interface Check {
  name: string;
  version: number;
  appliesTo: (action: Action) => boolean;
  run: (ctx: CheckContext) => CheckOutcome;
}

export function catalogEntry(ctx: CheckContext, sku: string): CatalogEntry | undefined {
  return ctx.catalog.find((c) => c.sku === sku && c.region === ctx.resource.region && c.provider === ctx.resource.provider);
}

export type CheckNumbers = Record<string, number | string | boolean | null>;
export type CheckOutcome = Omit<CheckResult, 'check' | 'version'>;

export function pass(reason: string, numbers: CheckNumbers = {}): CheckOutcome {
  return { passed: true, reason, numbers };
}

export function fail(reason: string, numbers: CheckNumbers = {}): CheckOutcome {
  return { passed: false, reason, numbers };
}
