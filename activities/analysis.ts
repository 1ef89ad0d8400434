import { ApplicationFailure } from '@temporalio/activity';
import { createAgentRuntime, runSupervisor, type Enrichment, type LlmCall } from '../agents/index.js';
import {
  proposalHash,
  readTags,
  type Actor,
  type ApprovalRequirement,
  type ResourceScope,
  type Finding,
  type PendingView,
  type Proposal,
  type StepOutput,
  type Verdict,
} from '../core/index.js';
import { approvalRequirement, evaluate } from '../guardrails/index.js';
import type { AnalysisDeps } from './deps.js';
import { gatherFacts } from './facts.js';
import type { PostedRequest } from './notifier.js';
import { ruleProposal } from './remediation-rules.js';
import { spendOf } from './run-ledger.js';
import { verifyAfterChange } from './verify-change.js';
import { recordStep, SYSTEM, type OutcomeRecord } from './record.js';

export interface AnalyzeOutput {
  proposal: Proposal;
  enrichment: Enrichment;
}

export interface CheckOutput {
  verdict: Verdict;
  requirement: ApprovalRequirement;
  proposalHash: string;
}

export interface VerifyOutput {
  regressed: boolean;
  reason: string;
  cpuP99Pct: number;
}

/** Activities of the read-only analysis worker: enrich, propose, check, notify, verify, record. */
export function createAnalysisActivities(deps: AnalysisDeps) {
  // The policy is read on every call: a reloaded policy applies to the next step.
  const { audit, clock, log } = deps;

  return {
    async analyzeFinding(input: { workflowId: string; finding: Finding; runId?: string }): Promise<AnalyzeOutput> {
      const { workflowId, finding } = input;
      // Budgets count per optimization run; the spend ledger and response cache persist across runs.
      const runtime = createAgentRuntime(deps.llm, { runId: input.runId ?? workflowId, clock, ...deps.agents });
      const result = await runSupervisor(runtime, { cloud: deps.readerFor(finding.provider), ...(deps.costs ? { costs: deps.costs } : {}) }, { finding });
      const proposal = result.proposal ?? ruleProposal(finding);
      const agent: Actor = { kind: 'agent', id: proposal?.proposer.id ?? result.route };
      const base = { workflowId, findingId: finding.id, actor: agent, at: clock() };
      const isEnrichment = (call: LlmCall) => /enrich/.test(call.promptId);
      await recordCalls(
        base,
        { step: 'enrich', output: { kind: 'enrichment', enrichment: result.enrichment } },
        finding,
        result.calls.filter(isEnrichment),
        `enrichment from ${result.enrichment.source}`,
      );
      if (!proposal) {
        await recordCalls(
          base,
          { step: 'propose', output: { kind: 'no-proposal', route: result.route } },
          finding,
          result.calls.filter((c) => !isEnrichment(c)),
          'no action proposed',
        );
        throw ApplicationFailure.nonRetryable(`finding ${finding.id} (${finding.kind}) produced no proposal: route ${result.route} only explains`);
      }
      const target = 'toSku' in proposal.action ? ` to ${proposal.action.toSku}` : '';
      await recordCalls(
        base,
        { step: 'propose', output: { kind: 'proposal', proposal, skuAdvice: result.skuAdvice, scope: scopeOfFinding(finding) } },
        finding,
        result.calls.filter((c) => !isEnrichment(c)),
        `proposed ${proposal.action.type}${target} (${proposal.source})`,
      );
      log.info({ workflowId, findingId: finding.id, source: proposal.source }, 'proposal ready');
      return { proposal, enrichment: result.enrichment };
    },

    async checkProposal(input: { workflowId: string; finding: Finding; proposal: Proposal; runId?: string }): Promise<CheckOutput> {
      const { workflowId, finding, proposal } = input;
      const facts = await gatherFacts(deps.readerFor(finding.provider), finding, proposal, deps.policy, clock());
      // Spend is known now; what the run changed is judged again at execution, on fresh numbers.
      const verdict = evaluate({ ...facts, spend: await spendOf(audit, workflowId, input.runId ?? workflowId) });
      const requirement = approvalRequirement(facts.resource, deps.policy);
      const failed = verdict.results.filter((r) => !r.passed);
      await recordStep(audit, {
        workflowId,
        findingId: finding.id,
        step: 'check',
        actor: SYSTEM,
        input: { proposal, factsAt: verdict.factsAt },
        summary: `guardrails on ${proposal.action.resourceId}`,
        output: verdict,
        outcome: verdict.passed ? 'passed' : `blocked: ${failed.map((r) => r.reason).join('; ')}`,
        ruleVersions: verdict.ruleVersions,
        at: clock(),
        key: `${workflowId}:check`,
      });
      return { verdict, requirement, proposalHash: proposalHash(proposal) };
    },

    async notifyApprovers(input: { view: PendingView; finding?: Finding }): Promise<PostedRequest | undefined> {
      const { view } = input;
      log.info({ workflowId: view.workflowId, proposalHash: view.proposalHash, expiresAt: view.expiresAt }, 'approval requested');
      let posted: PostedRequest | undefined;
      if (deps.notifier && input.finding) {
        // Tags only route the message (owner/team → channel); they never become instructions.
        // Every owner and team the tag variants name is reached, not the first spelling found.
        const resource = await deps.readerFor(input.finding.provider).getResource(input.finding.resourceId);
        const tags = readTags(resource.tags, deps.policy.tags);
        posted = await deps.notifier.requestApproval(view, { finding: input.finding, addressees: { owners: tags.owners, teams: tags.teams } });
      }
      await recordStep(audit, {
        workflowId: view.workflowId,
        findingId: view.findingId,
        step: 'notify',
        actor: SYSTEM,
        input: view,
        summary: `approval requested: ${view.summary}`,
        output: {
          kind: 'approval-request',
          needed: view.requirement?.required,
          expiresAt: view.expiresAt,
          channels: ['temporal-ui', 'cli', ...(posted ? ['slack'] : [])],
          ...(posted ? { message: posted } : {}),
        },
        outcome: 'awaiting-approval',
        at: clock(),
        key: `${view.workflowId}:notify`,
      });
      return posted;
    },

    /** Puts the outcome on the approval request's message, so the channel sees how it ended. */
    async announceOutcome(input: { view: PendingView }): Promise<void> {
      const { view } = input;
      if (!deps.notifier || !view.message) return;
      await deps.notifier.announce(view, view.message, `${view.state}: ${view.outcome ?? ''}`);
    },

    async recordOutcome(input: OutcomeRecord): Promise<void> {
      await recordStep(audit, { ...input, input: input.output, at: clock(), key: `${input.workflowId}:${input.key}` });
    },

    async verifyChange(input: { workflowId: string; finding: Finding; proposal: Proposal; appliedAt: string }): Promise<VerifyOutput> {
      const { workflowId, finding, appliedAt } = input;
      const now = clock();
      const check = await verifyAfterChange(deps.readerFor(finding.provider), input.proposal, appliedAt, now, deps.policy);
      await recordStep(audit, {
        workflowId,
        findingId: finding.id,
        step: 'verify',
        actor: SYSTEM,
        input: { appliedAt, window: { from: appliedAt, to: now } },
        summary: `verify ${finding.resourceId} since ${appliedAt}`,
        output: {
          regressed: check.regressed,
          reason: check.reason,
          ...(check.realizedMonthlySavingsUsd !== undefined ? { realizedMonthlySavingsUsd: check.realizedMonthlySavingsUsd } : {}),
          evidence: check.evidence,
        },
        outcome: check.regressed ? `regression: ${check.reason}` : `healthy: ${check.reason}`,
        at: now,
        key: `${workflowId}:verify`,
      });
      return { regressed: check.regressed, reason: check.reason, cpuP99Pct: check.cpuP99Pct };
    },
  };

  function scopeOfFinding(finding: Finding): ResourceScope {
    return { provider: finding.provider, region: finding.region, ...(finding.account ? { account: finding.account } : {}) };
  }

  async function recordCalls(
    base: { workflowId: string; findingId: string; actor: Actor; at: string },
    result: { step: 'enrich'; output: StepOutput<'enrich'> } | { step: 'propose'; output: StepOutput<'propose'> },
    finding: Finding,
    calls: readonly LlmCall[],
    outcome: string,
  ): Promise<void> {
    const { step } = result;
    if (calls.length === 0) {
      await recordStep(audit, {
        ...base,
        ...result,
        input: finding,
        summary: `${step} ${finding.id} without a model`,
        outcome,
        key: `${base.workflowId}:${step}:fallback`,
      });
      return;
    }
    for (const [i, call] of calls.entries()) {
      const last = i === calls.length - 1;
      await recordStep(audit, {
        ...base,
        ...(last
          ? result
          : {
              step,
              output: {
                kind: 'repair' as const,
                ...(call.problem ? { problem: call.problem } : {}),
                ...(call.finishReason ? { finishReason: call.finishReason } : {}),
              },
            }),
        input: finding,
        summary: `${step} ${finding.id} (${call.attempt} attempt)`,
        outcome: last ? (call.outcome === 'valid' ? outcome : `${call.outcome}; deterministic fallback used`) : callOutcome(call, calls[i + 1]),
        llm: call,
        key: `${base.workflowId}:${step}:${i}`,
      });
    }
  }
}

/** A failed call followed by another for the same prompt asked for a repair; otherwise its template answered. */
function callOutcome(call: LlmCall, next: LlmCall | undefined): string {
  if (call.outcome === 'valid') return 'valid';
  return next?.promptId === call.promptId ? `${call.outcome}: repair requested` : `${call.outcome}; deterministic fallback used`;
}

export type AnalysisActivities = ReturnType<typeof createAnalysisActivities>;
