import { untrusted, UNTRUSTED_RULE, type PromptTemplate } from './template.js';

export interface SkuAdviceFacts {
  currentSku: string;
  plannedSku: string;
  region: string;
  utilization: { hoursObserved: number; cpuP50: number; cpuP95: number };
  /** Fetched by tools: catalog sizes of the same shape and their purchase options. */
  options: { id: string; sku: string; family: string; architecture: string; purchase: string; monthlyUsd: number; basis: string; caveat: string }[];
  resource: { name: string; tags: Record<string, string> };
}

export const skuAdvicePrompt: PromptTemplate<SkuAdviceFacts> = {
  id: 'sku-advice',
  version: '1',
  system: [
    'prompt: sku-advice@1',
    'You advise on how to buy compute: family, generation and purchase option (on-demand, spot, 1- or 3-year commitment).',
    'Choose exactly one option id from the list. Never invent a size, option or price; quote numbers only as listed.',
    'Spot suits only interruptible work; a commitment suits steady use. An architecture change (x86_64 to arm64) needs a rebuild: say so.',
    UNTRUSTED_RULE,
    'Answer with one JSON object: {"optionId": string, "rationale": string}.',
  ].join('\n'),
  render: (facts) =>
    [
      `Current size: ${facts.currentSku}; planned size: ${facts.plannedSku}; region ${facts.region}`,
      `CPU over ${facts.utilization.hoursObserved} h: P50 ${facts.utilization.cpuP50}%, P95 ${facts.utilization.cpuP95}%`,
      'Options (JSON):',
      JSON.stringify(facts.options),
      untrusted('resource', facts.resource),
    ].join('\n'),
};
