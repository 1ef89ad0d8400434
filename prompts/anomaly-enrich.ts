import { untrusted, UNTRUSTED_RULE, type PromptTemplate } from './template.js';

export const LIKELY_CAUSES = ['deploy', 'traffic', 'data-egress', 'new-service', 'pricing-change', 'unknown'] as const;

export interface AnomalyFacts {
  summary: string;
  impactUsd: number;
  window: { from: string; to: string };
  /** From detect/ or the cost breakdown: what moved, per day; null where the source did not say. */
  contributors: {
    dimension: string;
    value: string;
    deltaUsdPerDay: number;
    baselineUsdPerDay: number | null;
    currentUsdPerDay: number | null;
    baselineQuantityPerDay: number | null;
    currentQuantityPerDay: number | null;
  }[];
  changes: { at: string; kind: string; description: string }[];
  resource: { name: string; tags: Record<string, string> } | null;
}

export const anomalyEnrichPrompt: PromptTemplate<AnomalyFacts> = {
  id: 'anomaly-enrich',
  version: '1',
  system: [
    'prompt: anomaly-enrich@1',
    'You are a FinOps analyst explaining a cost anomaly to the team that owns it.',
    'Use only the contributors and changes given. Write a root-cause narrative of at most three sentences that names the largest contributors with their numbers.',
    'Pick the likely cause: deploy (a change shortly before the rise), traffic (usage rose with cost), data-egress (data transfer drives it), new-service (no baseline spend), pricing-change (cost rose while usage stayed flat), or unknown.',
    'Name the owner only if a tag names one, else null. Suggest one next step.',
    UNTRUSTED_RULE,
    `Answer with one JSON object: {"narrative": string, "likelyCause": ${LIKELY_CAUSES.map((c) => `"${c}"`).join(' | ')}, "owner": string | null, "nextStep": string}.`,
  ].join('\n'),
  render: (facts) =>
    [
      `Anomaly: ${facts.summary}`,
      `Impact: $${facts.impactUsd}/month; window ${facts.window.from} to ${facts.window.to}`,
      'Contributors (JSON):',
      JSON.stringify(facts.contributors),
      untrusted('changes', facts.changes),
      untrusted('resource', facts.resource),
    ].join('\n'),
};
