import { join } from 'node:path';
import { createAgentRuntime, LlmConfigSchema, runRightsizing, SpendLedger, type LlmConfig } from '../../agents/index.js';
import { createAnalysisActivities } from '../../activities/analysis.js';
import type { AnalysisDeps } from '../../activities/deps.js';
import { recordStep } from '../../activities/record.js';
import type { Finding, Proposal } from '../../core/index.js';
import type { Scenario } from './scenario.js';

/** What the eval needs to know about the scenario an activity runs for. */
export interface ScenarioBinding {
  scenario: Scenario;
  /** A directory for the scenario's spend ledger. */
  scratchDir: string;
}

/**
 * The analysis activities as production builds them, with two eval-only stand-ins for
 * analyzeFinding: an exhausted agent budget (the production activity builds its runtime
 * without a ledger, so the budget cannot bind there), and a proposal injected past the
 * agent's validation to prove guardrails stop it alone. Everything else is untouched.
 */
export function createEvalAnalysisActivities(deps: AnalysisDeps, bindingOf: () => ScenarioBinding) {
  const base = createAnalysisActivities(deps);
  return {
    ...base,
    async analyzeFinding(input: { workflowId: string; finding: Finding }): ReturnType<typeof base.analyzeFinding> {
      const { scenario, scratchDir } = bindingOf();
      if (scenario.model.budgetExhausted) return analyzeOnExhaustedBudget(deps, input, scratchDir);
      const out = await base.analyzeFinding(input);
      const injected = scenario.injectProposal;
      if (!injected) return out;
      const { fallback: _notTheModels, ...agentProposal } = out.proposal;
      const proposal: Proposal = {
        ...agentProposal,
        action: injected.action,
        estimatedMonthlySavingsUsd: injected.estimatedMonthlySavingsUsd,
        rationale: injected.rationale || out.proposal.rationale,
        source: 'llm',
      };
      await recordStep(deps.audit, {
        workflowId: input.workflowId,
        findingId: input.finding.id,
        step: 'propose',
        actor: proposal.proposer,
        input: input.finding,
        summary: `eval: proposal injected past agent validation (${proposal.action.type} ${proposal.action.resourceId})`,
        output: { kind: 'proposal', proposal },
        outcome: 'injected by the eval scenario',
        at: deps.clock(),
        key: `${input.workflowId}:propose:injected`,
      });
      return { ...out, proposal };
    },
  };
}

async function analyzeOnExhaustedBudget(deps: AnalysisDeps, input: { workflowId: string; finding: Finding }, scratchDir: string) {
  const config: LlmConfig = LlmConfigSchema.parse({ ...deps.llm, defaultBudget: { dailyUsd: 0, weeklyUsd: 0, perRunUsd: 0 }, budgets: {} });
  const ledger = new SpendLedger(join(scratchDir, 'spend.sqlite'));
  try {
    const runtime = createAgentRuntime(config, { ledger, runId: input.workflowId, clock: deps.clock });
    const result = await runRightsizing(deps.readerFor(input.finding.provider), config, input.finding, runtime);
    const calls = [...result.enrichCalls, ...result.proposeCalls];
    for (const [i, call] of calls.entries()) {
      await recordStep(deps.audit, {
        workflowId: input.workflowId,
        findingId: input.finding.id,
        ...typedOutput(i < result.enrichCalls.length ? 'enrich' : 'propose', i === calls.length - 1 ? result.proposal : undefined, call.problem),
        actor: { kind: 'agent', id: 'rightsizer' },
        input: input.finding,
        summary: `model call refused: ${call.problem ?? call.outcome}`,
        outcome: `${call.outcome}; deterministic fallback used`,
        llm: call,
        at: deps.clock(),
        key: `${input.workflowId}:budget:${i}`,
      });
    }
    return { proposal: result.proposal, enrichment: result.enrichment };
  } finally {
    ledger.close();
  }
}

/** The last call's proposal, or a refused attempt's problem, as the step's typed output. */
function typedOutput(step: 'enrich' | 'propose', proposal: Proposal | undefined, problem: string | undefined) {
  if (step === 'propose' && proposal) return { step, output: { kind: 'proposal' as const, proposal } };
  return { step, output: { kind: 'repair' as const, ...(problem ? { problem } : {}) } };
}
