import { changeOf, type DecisionRecord, type Proposal, type Verdict } from '../core/index.js';
import type { AgentSpend, GuardrailBlock, ProposalOutcome, ProposalRow, ReportWindow } from './report-data.js';

/**
 * What the decision log says about a week: each proposal's fate, savings estimated and
 * measured, the optimizer's own model spend per agent, and which guardrails said no.
 * Records are grouped per workflow; the last deciding step gives the outcome.
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
      change: action ? changeOf(action) : '',
      estimatedMonthlySavingsUsd: proposal?.estimatedMonthlySavingsUsd ?? 0,
      ...withFallback(outcomeOf(steps, proposal?.estimatedMonthlySavingsUsd ?? 0), proposal),
    });
  }
  const measured = proposals.filter((p) => p.realizedMonthlySavingsUsd !== undefined);
  return {
    proposals,
    savings: {
      estimatedUsd: round(proposals.filter((p) => p.outcome !== 'blocked').reduce((t, p) => t + p.estimatedMonthlySavingsUsd, 0)),
      realizedUsd: round(measured.reduce((t, p) => t + (p.realizedMonthlySavingsUsd ?? 0), 0)),
      verifiedCount: measured.length,
    },
    modelSpend: modelSpendByAgent(inWindow, budgets),
    guardrailBlocks: guardrailBlocks(inWindow),
  };
}

function outcomeOf(steps: DecisionRecord[], estimate: number): { outcome: ProposalOutcome; reason: string; realizedMonthlySavingsUsd?: number } {
  const last = (step: string) => steps.findLast((r) => r.step === step);
  const rollback = last('rollback');
  if (rollback) return { outcome: 'rolled-back', reason: rollback.outcome, realizedMonthlySavingsUsd: 0 };
  const verify = last('verify');
  const execute = last('execute');
  // An off-hours enrollment changes nothing itself: its savings come from the firings, so none is claimed as realized here.
  if (execute && execute.outcome.startsWith('enrolled')) return { outcome: 'executed', reason: execute.outcome };
  if (execute && execute.outcome.startsWith('applied')) {
    if (!verify) return { outcome: 'executed', reason: 'applied; not yet verified' };
    const regressed = verify.outcome.startsWith('regression');
    // A verify record may carry a measured figure; otherwise a healthy change keeps its estimate.
    const measured = (verify.output as { realizedMonthlySavingsUsd?: unknown } | null)?.realizedMonthlySavingsUsd;
    const realized = regressed ? 0 : typeof measured === 'number' ? measured : estimate;
    return { outcome: 'executed', reason: verify.outcome, realizedMonthlySavingsUsd: realized };
  }
  const abort = last('abort');
  if (abort) return { outcome: 'aborted', reason: abort.outcome.replace(/^aborted:\s*/, '') };
  const rejection = steps.findLast((r) => r.step === 'approve' && r.outcome.startsWith('rejected'));
  if (rejection) return { outcome: 'rejected', reason: `${rejection.actor.id}: ${rejection.outcome.replace(/^rejected:?\s*/, '') || 'no reason given'}` };
  const expire = last('expire');
  if (expire) return { outcome: 'expired', reason: expire.outcome };
  const check = last('check');
  if (check && check.outcome.startsWith('blocked')) return { outcome: 'blocked', reason: check.outcome.replace(/^blocked:\s*/, '') };
  return { outcome: 'pending', reason: 'waiting for approval or execution' };
}

/** A template's proposal says why the model's answer was not used. */
function withFallback<T extends { reason: string }>(outcome: T, proposal: Proposal | undefined): T & { fallback?: string } {
  const detail = proposal?.source === 'fallback' ? proposal.fallback?.detail : undefined;
  return detail ? { ...outcome, reason: `${outcome.reason}; fallback: ${detail}`, fallback: detail } : outcome;
}

/** The proposal the analysis recorded: `{ proposal, skuAdvice }` as the activity writes it, or the proposal itself. */
function proposalOf(steps: DecisionRecord[]): Proposal | undefined {
  for (const record of [...steps].reverse()) {
    if (record.step !== 'propose' || typeof record.output !== 'object' || record.output === null) continue;
    const output = record.output as { action?: unknown; proposal?: { action?: unknown } };
    if (output.proposal?.action) return output.proposal as Proposal;
    if (output.action) return output as Proposal;
  }
  return undefined;
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
    if (r.step !== 'check' || !r.outcome.startsWith('blocked')) continue;
    const failed = ((r.output as Partial<Verdict> | null)?.results ?? []).filter((c) => !c.passed);
    const named = failed.length > 0 ? failed.map((c) => ({ check: c.check, reason: c.reason })) : [{ check: '(unnamed)', reason: r.outcome }];
    for (const { check, reason } of named) {
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
