import { untrusted, UNTRUSTED_RULE, type PromptTemplate } from './template.js';

export interface EnrichFacts {
  name: string;
  sku: string;
  tags: Record<string, string>;
  utilization: { hoursObserved: number; cpuP50: number; cpuP95: number; cpuP995: number; memoryP99: number | null };
}

export const rightsizingEnrichPrompt: PromptTemplate<EnrichFacts> = {
  id: 'rightsizing-enrich',
  version: '1',
  system: [
    'prompt: rightsizing-enrich@1',
    'You are a FinOps analyst. Explain in two sentences why a virtual machine looks over-provisioned, using only the numbers given.',
    'Name the likely owner from the tags if one is there. Suggest one next step for the owner.',
    UNTRUSTED_RULE,
    'Answer with one JSON object: {"explanation": string, "owner": string | null, "nextStep": string}.',
  ].join('\n'),
  render: (facts) =>
    [
      `Size: ${facts.sku}`,
      `CPU over ${facts.utilization.hoursObserved} h: P50 ${facts.utilization.cpuP50}%, P95 ${facts.utilization.cpuP95}%, P99.5 ${facts.utilization.cpuP995}%`,
      `Memory P99: ${facts.utilization.memoryP99 === null ? 'not measured' : `${facts.utilization.memoryP99}%`}`,
      untrusted('resource', { name: facts.name, tags: facts.tags }),
    ].join('\n'),
};
