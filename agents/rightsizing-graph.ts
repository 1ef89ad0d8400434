import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import { ResourceSchema, type Candidate, type Fallback, type Finding, type Proposal, type Resource } from '../core/index.js';
import type { CloudReader } from '../clouds/provider.js';
import { rightsizingEnrichPrompt, rightsizingProposePrompt } from '../prompts/index.js';
import { rightsizerTools, type ToolSources } from '../tools/toolsets.js';
import { createAgentRuntime, type AgentRuntime } from './agent-runtime.js';
import { fallbackNote, type LlmCall } from './llm-call.js';
import type { LlmConfig } from './model-config.js';
import { ownerOf, tagValues } from './owner.js';
import { askForJson, type AskContext } from './structured-call.js';

export const RIGHTSIZER_ID = 'rightsizer';

const EnrichmentSchema = z.object({ explanation: z.string().min(1).max(2000), owner: z.string().max(200).nullable(), nextStep: z.string().max(1000) });
export type Enrichment = z.infer<typeof EnrichmentSchema> & { source: 'llm' | 'fallback'; fallback?: Fallback };

const ProposalDraftSchema = z.object({
  targetSku: z.string().min(1).max(100),
  estimatedMonthlySavingsUsd: z.number(),
  risk: z.enum(['low', 'medium', 'high']),
  rationale: z.string().min(1).max(2000),
});
type ProposalDraft = z.infer<typeof ProposalDraftSchema>;

/** The draft must name one of detect/'s candidates and copy its saving: no invented SKU or number. */
function draftSchemaFor(candidates: readonly Candidate[]) {
  return ProposalDraftSchema.superRefine((draft, ctx) => {
    const chosen = candidates.find((c) => c.sku === draft.targetSku);
    if (!chosen) ctx.addIssue({ code: 'custom', path: ['targetSku'], message: `must be one of ${candidates.map((c) => c.sku).join(', ')}` });
    else if (Math.abs(chosen.monthlySavingsUsd - draft.estimatedMonthlySavingsUsd) > 0.01)
      ctx.addIssue({ code: 'custom', path: ['estimatedMonthlySavingsUsd'], message: `must be ${chosen.monthlySavingsUsd}, the candidate's saving` });
  });
}

function enrichmentSchemaFor(tags: Record<string, string>) {
  const known = tagValues(tags);
  return EnrichmentSchema.refine((e) => e.owner === null || known.has(e.owner.trim()), { path: ['owner'], message: 'must be a value from the tags or null' });
}

const State = Annotation.Root({
  finding: Annotation<Finding>(),
  resource: Annotation<Resource | undefined>(),
  enrichment: Annotation<Enrichment | undefined>(),
  proposal: Annotation<Proposal | undefined>(),
  enrichCalls: Annotation<LlmCall[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  proposeCalls: Annotation<LlmCall[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
});

export interface RightsizingResult {
  resource: Resource;
  enrichment: Enrichment;
  proposal: Proposal;
  enrichCalls: LlmCall[];
  proposeCalls: LlmCall[];
}

/** gather facts (read-only tool) → enrich (explain) → propose (choose among detect/'s candidates). */
export function buildRightsizingGraph(runtime: AgentRuntime, sources: ToolSources) {
  const tools = rightsizerTools(sources);
  const contextOf = (state: typeof State.State): AskContext => ({
    agentId: 'rightsizer',
    findingId: state.finding.id,
    findingUsd: state.finding.estimatedMonthlySavingsUsd,
    owner: ownerOf(state.resource?.tags),
  });

  const gatherFacts = async (state: typeof State.State) => {
    const raw: unknown = await tools.resourceFacts.invoke({ resourceId: state.finding.resourceId });
    return { resource: ResourceSchema.parse(JSON.parse(String(raw))) };
  };

  const enrich = async (state: typeof State.State) => {
    const resource = state.resource!;
    const u = state.finding.utilization;
    const input = {
      name: resource.name,
      sku: resource.sku,
      tags: resource.tags,
      utilization: {
        hoursObserved: u?.hoursObserved ?? 0,
        cpuP50: u?.cpu.p50 ?? 0,
        cpuP95: u?.cpu.p95 ?? 0,
        cpuP995: u?.cpu.p995 ?? 0,
        memoryP99: u?.memory?.p99 ?? null,
      },
    };
    const answer = await askForJson(runtime, contextOf(state), rightsizingEnrichPrompt, input, enrichmentSchemaFor(resource.tags));
    const enrichment: Enrichment = answer.value
      ? { ...answer.value, source: 'llm' }
      : { ...fallbackEnrichment(state.finding, resource), fallback: fallbackNote(answer.fallback ?? 'no-model', answer.calls) };
    return { enrichment, enrichCalls: answer.calls };
  };

  const propose = async (state: typeof State.State) => {
    const { finding } = state;
    const resource = state.resource!;
    const input = {
      name: resource.name,
      sku: resource.sku,
      tags: resource.tags,
      explanation: state.enrichment!.explanation,
      candidates: finding.candidates.map(({ sku, vcpu, memoryGiB, monthlySavingsUsd, projectedCpuP995Pct }) => ({
        sku,
        vcpu,
        memoryGiB,
        monthlySavingsUsd,
        projectedCpuP995Pct,
      })),
    };
    const answer = await askForJson(runtime, contextOf(state), rightsizingProposePrompt, input, draftSchemaFor(finding.candidates));
    const draft = answer.value ?? fallbackDraft(finding);
    const proposal: Proposal = {
      findingId: finding.id,
      action: {
        type: 'resize',
        provider: finding.provider,
        resourceId: finding.resourceId,
        region: finding.region,
        fromSku: finding.currentSku,
        toSku: draft.targetSku,
      },
      rationale: draft.rationale,
      risk: draft.risk,
      estimatedMonthlySavingsUsd: draft.estimatedMonthlySavingsUsd,
      proposer: { kind: 'agent', id: RIGHTSIZER_ID },
      source: answer.value ? 'llm' : 'fallback',
      ...(answer.value ? {} : { fallback: fallbackNote(answer.fallback ?? 'no-model', answer.calls) }),
    };
    return { proposal, proposeCalls: answer.calls };
  };

  return new StateGraph(State)
    .addNode('gatherFacts', gatherFacts)
    .addNode('enrich', enrich)
    .addNode('propose', propose)
    .addEdge(START, 'gatherFacts')
    .addEdge('gatherFacts', 'enrich')
    .addEdge('enrich', 'propose')
    .addEdge('propose', END)
    .compile();
}

export async function runRightsizer(runtime: AgentRuntime, sources: ToolSources, finding: Finding): Promise<RightsizingResult> {
  const out = await buildRightsizingGraph(runtime, sources).invoke({ finding });
  return { resource: out.resource!, enrichment: out.enrichment!, proposal: out.proposal!, enrichCalls: out.enrichCalls, proposeCalls: out.proposeCalls };
}

/** The entry point activities/analysis.ts calls; a runtime brings the cache, ledger and tracer. */
export function runRightsizing(
  cloud: CloudReader,
  config: LlmConfig,
  finding: Finding,
  runtime: AgentRuntime = createAgentRuntime(config),
): Promise<RightsizingResult> {
  return runRightsizer(runtime, { cloud }, finding);
}

/** Deterministic templates: Tollgate works without any model. */
function fallbackEnrichment(finding: Finding, resource: Resource): Enrichment {
  const owner = ownerOf(resource.tags);
  return { explanation: finding.summary, owner: owner === 'unowned' ? null : owner, nextStep: 'Review the proposed size with the owner.', source: 'fallback' };
}

function fallbackDraft(finding: Finding): ProposalDraft {
  const best = finding.candidates[0];
  if (!best) throw new Error(`finding ${finding.id} has no candidate size to fall back to`);
  return {
    targetSku: best.sku,
    estimatedMonthlySavingsUsd: best.monthlySavingsUsd,
    risk: 'medium',
    rationale: `Deterministic choice: ${best.sku} saves $${best.monthlySavingsUsd}/month with projected CPU P99.5 of ${best.projectedCpuP995Pct}%.`,
  };
}
