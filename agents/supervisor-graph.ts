import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { Finding, Proposal } from '../core/index.js';
import type { ToolSources } from '../tools/toolsets.js';
import type { AgentRuntime } from './agent-runtime.js';
import { runAnomalyEnricher, type AnomalyExplanation } from './anomaly-enricher.js';
import type { Contributor } from './anomaly-cause.js';
import type { LlmCall } from './llm-call.js';
import { runRightsizer, type Enrichment } from './rightsizing-graph.js';
import { runSkuAdvisor, type SkuAdvice } from './sku-advisor.js';

export type Route = 'anomaly-enricher' | 'rightsizer' | 'templates';

/** Deterministic routing by finding kind: no model decides which agent runs. */
export const ROUTES: Readonly<Record<string, Route>> = {
  anomaly: 'anomaly-enricher',
  'new-service': 'anomaly-enricher',
  budget: 'anomaly-enricher',
  rightsizing: 'rightsizer',
  idle: 'templates',
  'orphan-volume': 'templates',
  'orphan-address': 'templates',
  'off-hours': 'templates',
};

/** A kind without a route (a new finder) gets the templates until someone routes it. */
export function routeOf(kind: string): Route {
  return ROUTES[kind] ?? 'templates';
}

export interface SupervisorInput {
  finding: Finding;
  /** detect/'s anomaly contributors when it has them; else the enricher asks the cost breakdown. */
  contributors?: Contributor[];
}

export interface SupervisorResult {
  route: Route;
  enrichment: Enrichment;
  proposal?: Proposal;
  anomaly?: AnomalyExplanation;
  skuAdvice?: SkuAdvice;
  calls: LlmCall[];
}

const State = Annotation.Root({
  finding: Annotation<Finding>(),
  contributors: Annotation<Contributor[] | undefined>(),
  route: Annotation<Route | undefined>(),
  enrichment: Annotation<Enrichment | undefined>(),
  proposal: Annotation<Proposal | undefined>(),
  anomaly: Annotation<AnomalyExplanation | undefined>(),
  skuAdvice: Annotation<SkuAdvice | undefined>(),
  calls: Annotation<LlmCall[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
});
type S = typeof State.State;

/**
 * supervisor → anomaly enricher | rightsizer → SKU advisor | templates. Each agent sees only
 * its own read-only tools; every call carries its agent id for accounting and budgets.
 */
export function buildSupervisorGraph(runtime: AgentRuntime, sources: ToolSources) {
  const route = (state: S) => ({ route: routeOf(state.finding.kind) });

  const anomalyEnricher = async (state: S) => {
    const { explanation, calls } = await runAnomalyEnricher(runtime, sources, state.finding, state.contributors);
    const enrichment: Enrichment = {
      explanation: explanation.narrative,
      owner: explanation.owner,
      nextStep: explanation.nextStep,
      source: explanation.source,
      ...(explanation.fallback ? { fallback: explanation.fallback } : {}),
    };
    return { anomaly: explanation, enrichment, calls };
  };

  const rightsizer = async (state: S) => {
    const result = await runRightsizer(runtime, sources, state.finding);
    return { enrichment: result.enrichment, proposal: result.proposal, calls: [...result.enrichCalls, ...result.proposeCalls] };
  };

  const skuAdvisor = async (state: S) => {
    const action = state.proposal?.action;
    if (!action || !('toSku' in action)) return {};
    const { advice, calls } = await runSkuAdvisor(runtime, sources, state.finding, action.toSku);
    return { ...(advice ? { skuAdvice: advice } : {}), calls };
  };

  const templates = (state: S) => ({
    enrichment: {
      explanation: state.finding.summary,
      owner: null,
      nextStep: 'Confirm with the owner that the resource is unused, then approve.',
      source: 'fallback' as const,
    },
  });

  return new StateGraph(State)
    .addNode('supervisor', route)
    .addNode('anomalyEnricher', anomalyEnricher)
    .addNode('rightsizer', rightsizer)
    .addNode('skuAdvisor', skuAdvisor)
    .addNode('templates', templates)
    .addEdge(START, 'supervisor')
    .addConditionalEdges('supervisor', (state: S) => state.route!, { 'anomaly-enricher': 'anomalyEnricher', rightsizer: 'rightsizer', templates: 'templates' })
    .addEdge('rightsizer', 'skuAdvisor')
    .addEdge('skuAdvisor', END)
    .addEdge('anomalyEnricher', END)
    .addEdge('templates', END)
    .compile();
}

export async function runSupervisor(runtime: AgentRuntime, sources: ToolSources, input: SupervisorInput): Promise<SupervisorResult> {
  const out = await buildSupervisorGraph(runtime, sources).invoke(input);
  return {
    route: out.route!,
    enrichment: out.enrichment!,
    calls: out.calls,
    ...(out.proposal ? { proposal: out.proposal } : {}),
    ...(out.anomaly ? { anomaly: out.anomaly } : {}),
    ...(out.skuAdvice ? { skuAdvice: out.skuAdvice } : {}),
  };
}
