import { z } from 'zod';
import { addMs, type Fallback, type Finding } from '../core/index.js';
import { anomalyEnrichPrompt, LIKELY_CAUSES, type AnomalyFacts } from '../prompts/index.js';
import type { CostBreakdownRow } from '../tools/cost-query.js';
import { anomalyEnricherTools, type ToolSources } from '../tools/toolsets.js';
import type { AgentRuntime } from './agent-runtime.js';
import { contributorsFrom, likelyCauseOf, type Contributor, type LikelyCause } from './anomaly-cause.js';
import { fallbackNote, type LlmCall } from './llm-call.js';
import { ownerOf, tagValues } from './owner.js';
import { askForJson } from './structured-call.js';

const AnomalyAnswerSchema = z.object({
  narrative: z.string().min(1).max(2000),
  likelyCause: z.enum(LIKELY_CAUSES),
  owner: z.string().max(200).nullable(),
  nextStep: z.string().min(1).max(1000),
});

export interface AnomalyExplanation extends z.infer<typeof AnomalyAnswerSchema> {
  contributors: Contributor[];
  source: 'llm' | 'fallback';
  fallback?: Fallback;
}

const DAY_MS = 86_400_000;
const BASELINE_DAYS = 7;

/**
 * Explains an anomaly finding: contributors (detect/'s, or a cost breakdown of the anomaly
 * day against the week before), the resource's tags and recent changes, then the model's
 * narrative; the deterministic reading stands in when there is no valid answer.
 */
export async function runAnomalyEnricher(
  runtime: AgentRuntime,
  sources: ToolSources,
  finding: Finding,
  givenContributors?: Contributor[],
): Promise<{ explanation: AnomalyExplanation; calls: LlmCall[] }> {
  const tools = anomalyEnricherTools(sources);
  const window = { from: addMs(finding.detectedAt, -DAY_MS), to: finding.detectedAt };
  const contributors = givenContributors ?? (await breakdownContributors(tools, window));
  const resource = await resourceOrNull(tools, finding.resourceId);
  const changes = resource
    ? (JSON.parse(
        String(await tools.changeHistory.invoke({ resourceId: finding.resourceId, from: addMs(window.from, -DAY_MS), to: window.to })),
      ) as AnomalyFacts['changes'])
    : [];
  const facts: AnomalyFacts = {
    summary: finding.summary,
    impactUsd: finding.estimatedMonthlySavingsUsd,
    window,
    contributors,
    changes: changes.map(({ at, kind, description }) => ({ at, kind, description })),
    resource: resource ? { name: resource.name, tags: resource.tags } : null,
  };
  const known = tagValues(resource?.tags);
  const schema = AnomalyAnswerSchema.refine((a) => a.owner === null || known.has(a.owner.trim()), {
    path: ['owner'],
    message: 'must be a value from the tags or null',
  });
  const answer = await askForJson(
    runtime,
    { agentId: 'anomaly-enricher', findingId: finding.id, findingUsd: finding.estimatedMonthlySavingsUsd, owner: ownerOf(resource?.tags) },
    anomalyEnrichPrompt,
    facts,
    schema,
  );
  const explanation: AnomalyExplanation = answer.value
    ? { ...answer.value, contributors, source: 'llm' }
    : {
        ...fallbackExplanation(finding, contributors, likelyCauseOf(contributors, changes.length), resource),
        fallback: fallbackNote(answer.fallback ?? 'no-model', answer.calls),
      };
  return { explanation, calls: answer.calls };
}

async function breakdownContributors(tools: ReturnType<typeof anomalyEnricherTools>, window: { from: string; to: string }): Promise<Contributor[]> {
  const query = async (from: string, to: string) =>
    JSON.parse(String(await tools.costBreakdown.invoke({ from, to, groupBy: ['ServiceName'], limit: 50 }))) as CostBreakdownRow[];
  const baseline = await query(addMs(window.from, -BASELINE_DAYS * DAY_MS), window.from);
  const current = await query(window.from, window.to);
  return contributorsFrom('ServiceName', baseline, BASELINE_DAYS, current, 1);
}

type ResourceLabel = { name: string; tags: Record<string, string> };

/** An anomaly may concern a service or account rather than a resource the cloud knows. */
async function resourceOrNull(tools: ReturnType<typeof anomalyEnricherTools>, resourceId: string): Promise<ResourceLabel | null> {
  try {
    const raw = JSON.parse(String(await tools.resourceTags.invoke({ resourceId }))) as ResourceLabel;
    return { name: raw.name, tags: raw.tags };
  } catch {
    return null;
  }
}

const NEXT_STEPS: Record<LikelyCause, string> = {
  deploy: 'Ask the owner whether the recent change was meant to raise spend; roll it back or right-size if not.',
  traffic: 'Confirm the traffic rise with the owner and check that scaling limits match the budget.',
  'data-egress': 'Find the destination of the data transfer and whether a cache, CDN or same-region path can carry it.',
  'new-service': 'Confirm the new service was planned and give it a budget and an owner tag.',
  'pricing-change': 'Compare the unit price with last month and check for expired discounts or commitments.',
  unknown: 'Review the cost breakdown with the account owner.',
};

function fallbackExplanation(finding: Finding, contributors: Contributor[], cause: LikelyCause, resource: ResourceLabel | null): AnomalyExplanation {
  const top = contributors
    .slice(0, 3)
    .map((c) => `${c.value} +$${c.deltaUsdPerDay}/day` + (c.baselineUsdPerDay === null ? '' : ` ($${c.baselineUsdPerDay} → $${c.currentUsdPerDay})`))
    .join('; ');
  const owner = ownerOf(resource?.tags);
  return {
    narrative: top ? `${finding.summary}. Largest contributors: ${top}.` : finding.summary,
    likelyCause: cause,
    owner: owner === 'unowned' ? null : owner,
    nextStep: NEXT_STEPS[cause],
    contributors,
    source: 'fallback',
  };
}
