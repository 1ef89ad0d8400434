import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import { ResourceSchema, type Finding, type Proposal, type Resource } from '../core/index.js';
import type { CloudReader } from '../clouds/provider.js';
import { rightsizingEnrichPrompt, rightsizingProposePrompt } from '../prompts/index.js';
import { resourceFactsTool } from '../tools/resource-tools.js';
import { createChatModel } from './chat-model.js';
import type { LlmConfig } from './model-config.js';
import { askForJson, type LlmCall } from './structured-call.js';

export const RIGHTSIZER_ID = 'rightsizer';

/** What the model must return; unknown fields are dropped by zod. */
const EnrichmentSchema = z.object({ explanation: z.string().min(1).max(2000), owner: z.string().max(200).nullable(), nextStep: z.string().max(1000) });
const ProposalDraftSchema = z.object({
  targetSku: z.string().min(1).max(100),
  estimatedMonthlySavingsUsd: z.number(),
  risk: z.enum(['low', 'medium', 'high']),
  rationale: z.string().min(1).max(2000),
});
export type Enrichment = z.infer<typeof EnrichmentSchema> & { source: 'llm' | 'fallback' };

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
export function buildRightsizingGraph(cloud: CloudReader, config: LlmConfig) {
  const model = config.provider === 'none' ? undefined : createChatModel(config);
  const facts = resourceFactsTool(cloud);

  const gatherFacts = async (state: typeof State.State) => {
    const raw: unknown = await facts.invoke({ resourceId: state.finding.resourceId });
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
    const answer = model ? await askForJson(model, config, rightsizingEnrichPrompt, input, EnrichmentSchema) : { value: undefined, calls: [] };
    const enrichment: Enrichment = answer.value ? { ...answer.value, source: 'llm' } : fallbackEnrichment(state.finding, resource);
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
    const answer = model ? await askForJson(model, config, rightsizingProposePrompt, input, ProposalDraftSchema) : { value: undefined, calls: [] };
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

export async function runRightsizing(cloud: CloudReader, config: LlmConfig, finding: Finding): Promise<RightsizingResult> {
  const out = await buildRightsizingGraph(cloud, config).invoke({ finding });
  return { resource: out.resource!, enrichment: out.enrichment!, proposal: out.proposal!, enrichCalls: out.enrichCalls, proposeCalls: out.proposeCalls };
}

/** Deterministic templates: Tollgate works without any model. */
function fallbackEnrichment(finding: Finding, resource: Resource): Enrichment {
  return { explanation: finding.summary, owner: resource.tags['owner'] ?? null, nextStep: 'Review the proposed size with the owner.', source: 'fallback' };
}

function fallbackDraft(finding: Finding): z.infer<typeof ProposalDraftSchema> {
  const best = finding.candidates[0];
  if (!best) throw new Error(`finding ${finding.id} has no candidate size to fall back to`);
  return {
    targetSku: best.sku,
    estimatedMonthlySavingsUsd: best.monthlySavingsUsd,
    risk: 'medium',
    rationale: `Deterministic choice: ${best.sku} saves $${best.monthlySavingsUsd}/month with projected CPU P99.5 of ${best.projectedCpuP995Pct}%.`,
  };
}
