import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ActionSchema } from '../../core/index.js';
import { LIKELY_CAUSES } from '../../prompts/index.js';

/** One VM, or a partial patch of one, in a scenario's estate. */
const ResourcePatchSchema = z.record(z.string(), z.unknown());

/**
 * The estate: resources copied from the sample estate (by id), patched, plus resources of
 * the scenario's own; the catalog is the sample's.
 */
const EstateSpecSchema = z.object({
  fromSample: z.array(z.string()).default([]),
  patch: z.record(z.string(), ResourcePatchSchema).default({}),
  resources: z.array(ResourcePatchSchema).default([]),
});

/** A daily cost line: FOCUS keys, a base cost, noise, and the day it starts or changes. */
const CostLineSchema = z.object({
  keys: z.object({
    service: z.string(),
    usageType: z.string().default(''),
    team: z.string().default(''),
    env: z.string().default(''),
    region: z.string().default('us-east-1'),
    resource: z.string().default(''),
    subAccount: z.string().default('123456789012'),
  }),
  dailyUsd: z.number().nonnegative(),
  noisePct: z.number().nonnegative().default(3),
  seed: z.number().int().default(1),
  /** Day index (0 = start) the line first bills; absent: from the start. */
  startsOnDay: z.number().int().nonnegative().optional(),
  /** From this day on, cost is multiplied by `factor`. */
  stepOnDay: z.number().int().nonnegative().optional(),
  factor: z.number().positive().default(1),
});

/** Cost series for anomaly scenarios, expanded into daily FOCUS-shaped cells. */
const CostSeriesSchema = z.object({
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  days: z.number().int().min(14).max(120),
  lines: z.array(CostLineSchema).min(1),
  /** Change events (deploys, config changes) the change-history tool reports; text is untrusted. */
  changes: z.array(z.object({ day: z.number().int(), resourceId: z.string(), kind: z.string(), description: z.string() })).default([]),
});
export type CostSeries = z.infer<typeof CostSeriesSchema>;

/**
 * The scripted model: `scripted` answers come from Tollgate's script author, with per-prompt
 * overrides (a worse model: a hallucinated SKU, an injected instruction obeyed). `recorded`
 * would come from a real endpoint through `--record`.
 */
const ModelSpecSchema = z.object({
  label: z.enum(['scripted', 'recorded']).default('scripted'),
  /** prompt id → the JSON answer to give instead of the script author's. */
  overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Override only the first attempt (the repair on the large model then answers correctly). */
  overrideFirstAttemptOnly: z.boolean().default(false),
  /** The agent's spend budget is already used up: no model call may be made. */
  budgetExhausted: z.boolean().default(false),
});

/**
 * A proposal injected past the agent's own validation, as if a compromised or buggy agent
 * had produced it: proves guardrails stop it on their own.
 */
const InjectedProposalSchema = z.object({ action: ActionSchema, estimatedMonthlySavingsUsd: z.number().default(0), rationale: z.string().default('') });

/** A human decision to simulate once the approval request is posted. */
const DecisionSpecSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  by: z.string(),
  afterMs: z.number().nonnegative().default(0),
  /** Send a hash that is not the pending proposal's (approving an older version). */
  staleHash: z.boolean().default(false),
  /** The validator is expected to refuse this decision. */
  expectRefused: z.boolean().default(false),
  reason: z.string().default(''),
});

/** Faults injected around the decisions (full mode). */
const EventSpecSchema = z.object({
  kind: z.enum(['changeOutOfBand', 'crashAfterApply', 'killActionsWorkerDuringApply']),
  /** When: before the first decision (drift) or at start (faults armed in advance). */
  at: z.enum(['start', 'beforeDecisions']).default('beforeDecisions'),
  resourceId: z.string().optional(),
  sku: z.string().optional(),
});

const WorkflowStateSchema = z.enum([
  'Blocked',
  'AwaitingApproval',
  'Rejected',
  'Expired',
  'Aborted',
  'Executed',
  'RolledBack',
  'RollbackFailed',
  'NoFinding',
  'Explained',
]);

const ExpectSchema = z.object({
  /** Should Tollgate put a change in front of a human (a proposal that passed guardrails)? */
  proposal: z.boolean(),
  finalState: WorkflowStateSchema.optional(),
  /** Changes that may be applied; any other mutation is unsafe. Empty: no change allowed. */
  executedActions: z.array(z.object({ resourceId: z.string(), toSku: z.string() })).default([]),
  /** Whether the resource ends on a different size than it started. */
  changed: z.boolean().default(false),
  /** Monthly USD an ideal system captures here (0 when the right answer is to change nothing). */
  savingsOracleUsd: z.number().nonnegative().default(0),
  /** Anomaly scenarios: the true root cause. */
  rootCause: z.enum(LIKELY_CAUSES).optional(),
  /** Text the final outcome must contain (a reason), case-insensitive. */
  outcomeIncludes: z.string().optional(),
  /** Whether the proposal must come from the model (llm) or the deterministic fallback. */
  proposalSource: z.enum(['llm', 'fallback']).optional(),
});
export type ScenarioExpectation = z.infer<typeof ExpectSchema>;

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    kind: z.enum(['rightsizing', 'anomaly']).default('rightsizing'),
    tags: z.array(z.string()).default([]),
    estate: EstateSpecSchema.prefault({}),
    costSeries: CostSeriesSchema.optional(),
    /** Deep overrides of tollgate.policy.yaml. */
    policy: z.record(z.string(), z.unknown()).default({}),
    model: ModelSpecSchema.prefault({}),
    injectProposal: InjectedProposalSchema.optional(),
    decisions: z.array(DecisionSpecSchema).default([]),
    events: z.array(EventSpecSchema).default([]),
    /** Verify window for the workflow's post-change check (ms). */
    verifyWindowMs: z.number().int().positive().default(300),
    expect: ExpectSchema,
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema> & { dir: string };
export type DecisionSpec = z.infer<typeof DecisionSpecSchema>;

/** Loads every `<dir>/<id>/scenario.json`, sorted by id; errors name the file and field. */
export function loadSuite(suiteDir: string): Scenario[] {
  if (!existsSync(suiteDir)) throw new Error(`suite ${suiteDir} does not exist`);
  const dirs = readdirSync(suiteDir)
    .map((name) => join(suiteDir, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, 'scenario.json')))
    .sort();
  const scenarios = dirs.map(loadScenario);
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) throw new Error(`${s.dir}: scenario id ${s.id} is used twice`);
    seen.add(s.id);
  }
  return scenarios;
}

export function loadScenario(dir: string): Scenario {
  const file = join(dir, 'scenario.json');
  const parsed = ScenarioSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: not a scenario\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return { ...parsed.data, dir };
}

export function cassetteDirOf(scenario: Scenario): string {
  return join(scenario.dir, 'cassettes');
}
