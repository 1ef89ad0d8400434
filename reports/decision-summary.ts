import { failedChecksOf, proposalFate, proposalOf } from '../audit/index.js';
import { changeOf, describeScope, type DecisionRecord, type Proposal } from '../core/index.js';
import type { AgentSpend, GuardrailBlock, ProposalRow, ReportWindow } from './report-data.js';

/**
 * What the decision log says about a week: each proposal's fate, savings estimated and
 * measured, the optimizer's own model spend per agent, and which guardrails said no.
 * Records are grouped per workflow; the last deciding step gives the outcome (audit/read-models).
 */
export function summarizeDecisions(
  records: readonly DecisionRecord[],
  window: ReportWindow,
  budgets: Record<string, number> = {},
): {
  proposals: ProposalRow[];
  savings: { estimatedUsd: number; realizedUsd: number; verifiedCount: number };
  modelSpend: AgentSpend[];
  guardrailBlocks: GuardrailBlock[];
} {
  const inWindow = records.filter((r) => r.at >= window.from && r.at < window.to);
  const byWorkflow = new Map<string, DecisionRecord[]>();
  for (const r of inWindow) byWorkflow.set(r.workflowId, [...(byWorkflow.get(r.workflowId) ?? []), r]);

  const proposals: ProposalRow[] = [];
  for (const [workflowId, steps] of byWorkflow) {
    const proposal = proposalOf(steps);
    const check = steps.findLast((r) => r.step === 'check');
    if (!proposal && !check) continue; // enrich-only or detect-only workflows are not proposals
    const action = proposal?.action;
    proposals.push({
      workflowId,
      findingId: steps[0]!.findingId,
      resourceId: action?.resourceId ?? '',
      where: whereOf(steps),
      change: action ? changeOf(action) : '',
      estimatedMonthlySavingsUsd: proposal?.estimatedMonthlySavingsUsd ?? 0,
      ...withFallback(proposalFate(steps, proposal?.estimatedMonthlySavingsUsd ?? 0), proposal),
    });
  }
  const measured = proposals.filter((p) => p.realizedMonthlySavingsUsd !== undefined);
  return {
    proposals,
    savings: {
      // A rejected or blocked proposal will never save anything: it is not an estimate of savings.
      estimatedUsd: round(proposals.filter((p) => p.outcome !== 'blocked' && p.outcome !== 'rejected').reduce((t, p) => t + p.estimatedMonthlySavingsUsd, 0)),
      realizedUsd: round(measured.reduce((t, p) => t + (p.realizedMonthlySavingsUsd ?? 0), 0)),
      verifiedCount: measured.length,
    },
    modelSpend: modelSpendByAgent(inWindow, budgets),
    guardrailBlocks: guardrailBlocks(inWindow),
  };
}

/** Where the resource lives, from the last propose record that kept it. */
function whereOf(steps: readonly DecisionRecord[]): string {
  for (const r of [...steps].reverse()) if (r.step === 'propose' && r.output.kind === 'proposal' && r.output.scope) return describeScope(r.output.scope);
  return '';
}

/** A template's proposal says why the model's answer was not used. */
function withFallback<T extends { reason: string }>(outcome: T, proposal: Proposal | undefined): T & { fallback?: string } {
  const detail = proposal?.source === 'fallback' ? proposal.fallback?.detail : undefined;
  return detail ? { ...outcome, reason: `${outcome.reason}; fallback: ${detail}`, fallback: detail } : outcome;
}

function modelSpendByAgent(records: readonly DecisionRecord[], budgets: Record<string, number>): AgentSpend[] {
  const spend = new Map<string, AgentSpend>();
  for (const r of records) {
    if (r.costUsd === undefined && r.tokens === undefined) continue;
    const row = spend.get(r.actor.id) ?? { agent: r.actor.id, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    row.calls += 1;
    row.inputTokens += r.tokens?.input ?? 0;
    row.outputTokens += r.tokens?.output ?? 0;
    row.costUsd += r.costUsd ?? 0;
    spend.set(r.actor.id, row);
  }
  for (const agent of Object.keys(budgets)) if (!spend.has(agent)) spend.set(agent, { agent, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  return [...spend.values()]
    .map((row) => ({ ...row, costUsd: round(row.costUsd, 4), ...(budgets[row.agent] !== undefined ? { budgetUsd: budgets[row.agent] } : {}) }))
    .sort((a, b) => b.costUsd - a.costUsd || a.agent.localeCompare(b.agent));
}

function guardrailBlocks(records: readonly DecisionRecord[]): GuardrailBlock[] {
  const blocks = new Map<string, GuardrailBlock>();
  for (const r of records) {
    if (r.step !== 'check' || r.output.passed) continue;
    for (const { check, reason } of failedChecksOf(r)) {
      const block = blocks.get(check) ?? { check, count: 0, example: reason };
      block.count += 1;
      blocks.set(check, block);
    }
  }
  return [...blocks.values()].sort((a, b) => b.count - a.count || a.check.localeCompare(b.check));
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
