import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnomalyEnricher, type Contributor } from '../../agents/index.js';
import { addMs } from '../../core/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { costQueryOverRows, type ChangeEvent, type CostRowLike } from '../../tools/index.js';
import { hostileText as billText, hostileTags, nonEmptyHostileText as nonEmpty } from '../support/hostile-text.js';
import { sampleEstate } from '../support/world.js';
import { INVALID_ANSWER_LINES, readPrompt, userMessages } from '../support/untrusted-blocks.js';
import { anomalyFinding, cloudOf, NOW, runtimeFor, scriptedServer } from './harness.js';

const DAY_MS = 86_400_000;

const money = fc.double({ min: -1e5, max: 1e5, noNaN: true, noDefaultInfinity: true }).map((n) => Math.round(n * 100) / 100 + 0); // + 0: JSON has no -0

const contributorArb: fc.Arbitrary<Contributor> = fc.record({
  dimension: billText,
  value: billText,
  deltaUsdPerDay: money,
  baselineUsdPerDay: fc.option(money, { nil: null }),
  currentUsdPerDay: fc.option(money, { nil: null }),
  baselineQuantityPerDay: fc.option(money, { nil: null }),
  currentQuantityPerDay: fc.option(money, { nil: null }),
});

const caseArb = fc.record({
  summary: billText,
  resourceId: nonEmpty,
  name: billText,
  tags: hostileTags,
  // detect/'s contributors (root-cause keys), or none: then service names from the cost breakdown.
  contributors: fc.option(fc.array(contributorArb, { maxLength: 4 }), { nil: undefined }),
  services: fc.uniqueArray(billText, { minLength: 1, maxLength: 3 }),
  changes: fc.array(fc.record({ kind: billText, description: billText }), { maxLength: 2 }),
  impactUsd: money,
});

/** The anomaly's resource replaced by one whose id, name and tags are the generated text. */
function cloudWith(resourceId: string, name: string, tags: Record<string, string>) {
  const estate = sampleEstate();
  estate.resources = [{ ...estate.resources[0]!, id: resourceId, name, tags }];
  return cloudOf(estate);
}

/** A week of steady spend per service, then the anomaly day at three times as much. */
function serviceRows(services: readonly string[]): CostRowLike[] {
  return services.flatMap((service, i) =>
    Array.from({ length: 8 }, (_, day) => ({
      ChargePeriodStart: new Date(Date.parse(NOW) - (day + 1) * DAY_MS).toISOString(),
      ServiceName: service,
      BilledCost: (day === 0 ? 300 : 100) + i,
      ConsumedQuantity: 10,
    })),
  );
}

let server: RunningReplayServer;
beforeAll(async () => {
  server = await scriptedServer();
});
afterAll(async () => {
  await server.close();
});

describe('anomaly-enrich@2: bill and cloud text reach the model only inside untrusted-data blocks', () => {
  it('for any summary, root-cause key, service name, resource id, name or tag, through the real client', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const finding = anomalyFinding({ resourceId: c.resourceId, summary: c.summary, estimatedMonthlySavingsUsd: c.impactUsd });
        const changes: ChangeEvent[] = c.changes.map((ch, i) => ({ at: addMs(NOW, -(i + 1) * 3_600_000), resourceId: c.resourceId, ...ch }));
        const sent = server.requests.length;
        const { explanation } = await runAnomalyEnricher(
          runtimeFor(server),
          {
            cloud: cloudWith(c.resourceId, c.name, c.tags),
            costs: costQueryOverRows(serviceRows(c.services)),
            history: { changes: async () => changes },
          },
          finding,
          c.contributors,
        );
        const requests = server.requests.slice(sent);
        expect(requests.length).toBeGreaterThan(0);

        const generated = [
          c.summary,
          c.resourceId,
          c.name,
          ...Object.entries(c.tags).flat(),
          ...c.services,
          ...c.changes.flatMap((ch) => [ch.kind, ch.description]),
        ];
        for (const request of requests) {
          const [prompt, ...complaints] = userMessages(request);
          const read = readPrompt(prompt!);
          // Outside the blocks: Tollgate's own figures and fixed words, nothing else.
          expect(read.outside).toEqual([
            `Impact: $${c.impactUsd}/month; window ${addMs(NOW, -DAY_MS)} to ${new Date(NOW).toISOString()}`,
            'Anomaly summary:',
            'Contributors, largest rise first (per day; value is the bill key):',
            'Changes to the resource in the window:',
            'Resource:',
          ]);
          // Inside: exactly the text that came in, each in its own block.
          const block = (label: string) => read.blocks.find((b) => b.label === label)?.value;
          expect(read.blocks.map((b) => b.label)).toEqual(['summary', 'contributors', 'changes', 'resource']);
          expect(block('summary')).toBe(c.summary);
          expect(block('contributors')).toEqual(c.contributors ?? explanation.contributors);
          expect(block('changes')).toEqual(c.changes.map((ch, i) => ({ at: changes[i]!.at, ...ch })));
          expect(block('resource')).toEqual({ name: c.name, tags: c.tags });
          // A repair request adds Tollgate's complaint: whatever the answer echoed stays in its blocks.
          for (const complaint of complaints) {
            const repair = readPrompt(complaint);
            expect(repair.outside).toEqual(
              repair.blocks.length ? INVALID_ANSWER_LINES : [expect.stringMatching(/^Your previous answer was cut off at \d+ tokens\./)],
            );
            for (const text of generated.filter((g) => g.length >= 8)) for (const line of repair.outside) expect(line).not.toContain(text);
          }
        }
        if (c.contributors === undefined) {
          const values = new Set(explanation.contributors.map((k) => k.value));
          for (const service of c.services) expect(values.has(service)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
