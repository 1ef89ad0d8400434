import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSupervisor } from '../../agents/index.js';
import type { Finding } from '../../core/index.js';
import type { CassetteRequest } from '../../evals/cassette.js';
import { scriptAuthor } from '../../evals/script-author.js';
import { hostileTags, hostileText, nonEmptyHostileText } from '../support/hostile-text.js';
import { INVALID_ANSWER_LINES, readPrompt, userMessages, type ReadPrompt } from '../support/untrusted-blocks.js';
import { sampleEstate } from '../support/world.js';
import { cloudOf, rightsizingFindings, runtimeFor, withScriptedServer } from './harness.js';

const VM = 'i-0web0overprov01';
const estate = sampleEstate();
const SKUS = [...new Set(estate.catalog.entries.map((e) => e.sku))];
const FAMILIES = [...new Set(estate.catalog.entries.map((e) => e.family))];

/**
 * Distinct cloud names for each catalog name: `i:` keeps them apart, the rest is anything at all
 * up to 90 characters (the proposal's `targetSku` allows 100, so a careful answer stays valid).
 */
const renamed = (n: number) =>
  fc
    .array(
      nonEmptyHostileText.filter((t) => t.length <= 90),
      { minLength: n, maxLength: n },
    )
    .map((texts) => texts.map((t, i) => `${i}:${t}`));

const caseArb = fc.record({
  skus: renamed(SKUS.length),
  families: renamed(FAMILIES.length),
  region: nonEmptyHostileText,
  name: hostileText,
  tags: hostileTags,
  // When set, the first answer to every prompt is this text (any text, or JSON echoing it), so the repair request is checked too.
  firstAnswer: fc.option(
    fc.oneof(
      hostileText,
      hostileText.map((t) => JSON.stringify({ targetSku: t, owner: t, optionId: t, risk: t })),
    ),
    { nil: undefined },
  ),
});
type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

/** The sample's over-provisioned VM in a catalog whose sizes, families and region carry the generated text. */
function cloudFor(c: Case) {
  const skuOf = new Map(SKUS.map((s, i) => [s, c.skus[i]!]));
  const familyOf = new Map(FAMILIES.map((f, i) => [f, c.families[i]!]));
  const world = sampleEstate();
  world.catalog.entries = world.catalog.entries.map((e) => ({
    ...e,
    sku: skuOf.get(e.sku)!,
    family: familyOf.get(e.family)!,
    ...(e.series ? { series: familyOf.get(e.series) ?? e.series } : {}),
    region: c.region,
  }));
  const vm = world.resources.find((r) => r.id === VM)!;
  world.resources = [{ ...vm, sku: skuOf.get(vm.sku)!, region: c.region, name: c.name, tags: c.tags }];
  return cloudOf(world);
}

const promptOf = (r: CassetteRequest) => /^prompt: ([\w-]+)@/m.exec(r.messages[0]!.content)?.[1];

/** The careful script author, except that the first answer to each prompt may be the generated text. */
function authorFor(firstAnswer: string | undefined) {
  return (request: CassetteRequest) => (firstAnswer !== undefined && request.messages.length <= 2 ? firstAnswer : scriptAuthor(request));
}

function cpuLine(f: Finding, withP995: boolean): string {
  const u = f.utilization!;
  return `CPU over ${u.hoursObserved} h: P50 ${u.cpu.p50}%, P95 ${u.cpu.p95}%${withP995 ? `, P99.5 ${u.cpu.p995}%` : ''}`;
}

const block = (read: ReadPrompt, label: string) => read.blocks.find((b) => b.label === label)?.value;

describe('rightsizing-enrich@2, rightsizing-propose@2, sku-advice@2: cloud text reaches the model only inside untrusted-data blocks', () => {
  it('for any size, family, region, name or tag, and any first answer, through the real client', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, (c) =>
        withScriptedServer(authorFor(c.firstAnswer), async (server) => {
          const cloud = cloudFor(c);
          const finding = (await rightsizingFindings(cloud)).find((f) => f.resourceId === VM && f.kind === 'rightsizing');
          expect(finding, 'the renamed catalog still gives the VM a rightsizing finding').toBeDefined();
          const sent = server.requests.length;
          const result = await runSupervisor(runtimeFor(server), { cloud }, { finding: finding! });
          const requests = server.requests.slice(sent);
          const vmSku = finding!.currentSku;
          expect(vmSku).toBe(c.skus[SKUS.indexOf(sampleEstate().resources.find((r) => r.id === VM)!.sku)]);

          const seen: string[] = [];
          for (const request of requests) {
            const prompt = promptOf(request)!;
            seen.push(prompt);
            const [first, ...complaints] = userMessages(request);
            const read = readPrompt(first!);
            // Outside the blocks: Tollgate's own figures and fixed words; inside, exactly the cloud's text.
            if (prompt === 'rightsizing-enrich') {
              const memory = finding!.utilization!.memory?.p99;
              expect(read.outside).toEqual([
                cpuLine(finding!, true),
                `Memory P99: ${memory === undefined ? 'not measured' : `${memory}%`}`,
                'Resource (size, name and tags):',
              ]);
              expect(read.blocks.map((b) => b.label)).toEqual(['resource']);
              expect(block(read, 'resource')).toEqual({ size: vmSku, name: c.name, tags: c.tags });
            } else if (prompt === 'rightsizing-propose') {
              expect(read.outside).toEqual([
                'Resource (current size, name and tags):',
                'Candidate sizes (sku, vCPUs, memory in GiB, monthly savings in USD, projected CPU P99.5 in %):',
                'Analyst explanation:',
              ]);
              expect(read.blocks.map((b) => b.label)).toEqual(['resource', 'candidates', 'analyst-explanation']);
              expect(block(read, 'resource')).toEqual({ size: vmSku, name: c.name, tags: c.tags });
              expect(block(read, 'candidates')).toEqual(
                finding!.candidates.map(({ sku, vcpu, memoryGiB, monthlySavingsUsd, projectedCpuP995Pct }) => ({
                  sku,
                  vcpu,
                  memoryGiB,
                  monthlySavingsUsd,
                  projectedCpuP995Pct,
                })),
              );
              expect(block(read, 'analyst-explanation')).toBe(result.enrichment.explanation);
            } else {
              expect(prompt).toBe('sku-advice');
              expect(read.outside).toEqual([
                cpuLine(finding!, false),
                'Current size, planned size and region:',
                'Options, one per size and way to buy it:',
                'Resource:',
              ]);
              expect(read.blocks.map((b) => b.label)).toEqual(['sizes', 'options', 'resource']);
              const action = result.proposal!.action;
              expect(block(read, 'sizes')).toEqual({ currentSku: vmSku, plannedSku: 'toSku' in action ? action.toSku : undefined, region: c.region });
              expect(block(read, 'options')).toEqual(result.skuAdvice!.options);
              expect(block(read, 'resource')).toEqual({ name: c.name, tags: c.tags });
            }
            // A repair request: Tollgate's fixed lines, the rejected answer exactly as it came, the problems as data.
            expect(complaints.length).toBeLessThanOrEqual(1);
            for (const complaint of complaints) {
              const repair = readPrompt(complaint);
              expect(repair.outside).toEqual(INVALID_ANSWER_LINES);
              expect(repair.blocks.map((b) => b.label)).toEqual(['rejected-answer', 'problems']);
              expect(block(repair, 'rejected-answer')).toBe(c.firstAnswer);
              expect((block(repair, 'problems') as unknown[]).length).toBeGreaterThan(0);
            }
          }
          // The careful answer is used, at once or after the repair.
          expect([result.proposal!.source, result.skuAdvice!.source]).toEqual(['llm', 'llm']);
          // Each prompt asked once, and once more (the repair) after an invalid first answer.
          const asked = ['rightsizing-enrich', 'rightsizing-propose', 'sku-advice'];
          expect(seen).toEqual(c.firstAnswer === undefined ? asked : asked.flatMap((p) => [p, p]));
          expect(requests.map((r) => userMessages(r).length)).toEqual(c.firstAnswer === undefined ? [1, 1, 1] : [1, 2, 1, 2, 1, 2]);
        }),
      ),
      { numRuns: 60 },
    );
  }, 180_000);
});
