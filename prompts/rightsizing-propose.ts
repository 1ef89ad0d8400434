import { untrusted, UNTRUSTED_RULE, type PromptTemplate } from './template.js';

export interface ProposeFacts {
  name: string;
  sku: string;
  tags: Record<string, string>;
  explanation: string;
  candidates: { sku: string; vcpu: number; memoryGiB: number; monthlySavingsUsd: number; projectedCpuP995Pct: number }[];
}

export const rightsizingProposePrompt: PromptTemplate<ProposeFacts> = {
  id: 'rightsizing-propose',
  version: '1',
  system: [
    'prompt: rightsizing-propose@1',
    'You choose a smaller size for an over-provisioned virtual machine.',
    'Choose only from the candidate sizes listed, and copy its monthly savings exactly; never invent a size or a number.',
    'Prefer the largest saving whose projected CPU P99.5 leaves headroom; say the trade-off in one or two sentences.',
    UNTRUSTED_RULE,
    'Answer with one JSON object: {"targetSku": string, "estimatedMonthlySavingsUsd": number, "risk": "low" | "medium" | "high", "rationale": string}.',
  ].join('\n'),
  render: (facts) =>
    [
      `Current size: ${facts.sku}`,
      'Candidates (JSON):',
      JSON.stringify(facts.candidates),
      untrusted('resource', { name: facts.name, tags: facts.tags }),
      untrusted('analyst-explanation', facts.explanation),
    ].join('\n'),
};
