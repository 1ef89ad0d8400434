import { z } from 'zod';
import type { CatalogEntry, Fallback, Finding, Resource } from '../core/index.js';
import { skuAdvicePrompt, type SkuAdviceFacts } from '../prompts/index.js';
import type { PurchaseOption } from '../tools/purchase-options.js';
import { skuAdvisorTools, type ToolSources } from '../tools/toolsets.js';
import type { AgentRuntime } from './agent-runtime.js';
import { fallbackNote, type LlmCall } from './llm-call.js';
import { ownerOf } from './owner.js';
import { askForJson } from './structured-call.js';

export type SkuOption = SkuAdviceFacts['options'][number];

/** Advice only: it never becomes an action; a purchase or family change goes to a human. */
export interface SkuAdvice {
  plannedSku: string;
  recommended: SkuOption;
  architectureChange: boolean;
  options: SkuOption[];
  rationale: string;
  source: 'llm' | 'fallback';
  fallback?: Fallback;
}

/** Same-shape sizes compared, at most this many families: enough to show generations. */
const MAX_SIZES = 4;
/** P95 − P50 CPU spread under which use counts as steady enough for a commitment. */
const STEADY_SPREAD_PCT = 15;

/**
 * Compares the planned size with same-shape sizes of other families and generations and
 * the ways to buy each, all numbers from tools; the model picks one option id and explains.
 */
export async function runSkuAdvisor(
  runtime: AgentRuntime,
  sources: ToolSources,
  finding: Finding,
  plannedSku: string,
): Promise<{ advice: SkuAdvice | undefined; calls: LlmCall[] }> {
  const tools = skuAdvisorTools(sources);
  const catalog = await sources.cloud.catalog();
  const planned = catalog.find((e) => e.sku === plannedSku && e.region === finding.region);
  if (!planned) return { advice: undefined, calls: [] };
  const sameShape = JSON.parse(
    String(await tools.catalogSearch.invoke({ region: finding.region, vcpu: planned.vcpu, minMemoryGiB: planned.memoryGiB })),
  ) as CatalogEntry[];
  const sizes = [planned, ...sameShape.filter((e) => e.sku !== planned.sku)].slice(0, MAX_SIZES);
  const options: SkuOption[] = [];
  for (const size of sizes) {
    const priced = JSON.parse(String(await tools.purchaseOptions.invoke({ sku: size.sku, region: size.region }))) as PurchaseOption[];
    for (const o of priced)
      options.push({
        id: o.id,
        sku: o.sku,
        family: size.family,
        architecture: size.architecture,
        purchase: o.purchase,
        monthlyUsd: o.monthlyUsd,
        basis: o.basis,
        caveat: o.caveat,
      });
  }
  const tagged = JSON.parse(String(await tools.resourceTags.invoke({ resourceId: finding.resourceId }))) as Pick<Resource, 'name' | 'tags'>;
  const u = finding.utilization;
  const facts: SkuAdviceFacts = {
    currentSku: finding.currentSku,
    plannedSku,
    region: finding.region,
    utilization: { hoursObserved: u?.hoursObserved ?? 0, cpuP50: u?.cpu.p50 ?? 0, cpuP95: u?.cpu.p95 ?? 0 },
    options,
    resource: { name: tagged.name, tags: tagged.tags },
  };
  const ids = new Set(options.map((o) => o.id));
  const schema = z.object({
    optionId: z.string().refine((id) => ids.has(id), { message: `must be one of the listed option ids` }),
    rationale: z.string().min(1).max(2000),
  });
  const answer = await askForJson(
    runtime,
    { agentId: 'sku-advisor', findingId: finding.id, findingUsd: finding.estimatedMonthlySavingsUsd, owner: ownerOf(tagged.tags) },
    skuAdvicePrompt,
    facts,
    schema,
  );
  const pick = answer.value ? options.find((o) => o.id === answer.value!.optionId)! : fallbackPick(options, planned, facts.utilization);
  const rationale = answer.value?.rationale ?? fallbackRationale(pick, options);
  return {
    advice: {
      plannedSku,
      recommended: pick,
      architectureChange: pick.architecture !== planned.architecture,
      options,
      rationale,
      source: answer.value ? 'llm' : 'fallback',
      ...(answer.value ? {} : { fallback: fallbackNote(answer.fallback ?? 'no-model', answer.calls) }),
    },
    calls: answer.calls,
  };
}

/** Same architecture only; a commitment when use is steady, otherwise on-demand; never spot. */
function fallbackPick(options: SkuOption[], planned: CatalogEntry, u: SkuAdviceFacts['utilization']): SkuOption {
  const steady = u.hoursObserved >= 168 && u.cpuP95 - u.cpuP50 <= STEADY_SPREAD_PCT;
  const purchase = steady ? 'commitment-1y' : 'on-demand';
  const eligible = options.filter((o) => o.architecture === planned.architecture && o.purchase === purchase);
  return [...eligible].sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0] ?? options[0]!;
}

function fallbackRationale(pick: SkuOption, options: SkuOption[]): string {
  const onDemand = options.find((o) => o.sku === pick.sku && o.purchase === 'on-demand');
  const versus = onDemand && onDemand.id !== pick.id ? ` against $${onDemand.monthlyUsd} on-demand` : '';
  return `Deterministic choice: ${pick.sku} ${pick.purchase} at $${pick.monthlyUsd}/month${versus} (${pick.basis}); ${pick.caveat}.`;
}
