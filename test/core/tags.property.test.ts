import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTags, type TagRules } from '../../core/index.js';

/**
 * Key order, case and whitespace never change what tags mean, and adding a variant never
 * weakens exclusion or production: the safe reading wins whatever else the resource carries.
 */

const RULES: TagRules = {
  aliases: { env: ['Env', 'environment', 'Environment', 'stage'], team: ['Team', 'owner-team'] },
  excludeKey: 'tollgate:exclude',
  envKey: 'env',
  productionValues: ['prod', 'production'],
};

const spaces = fc.constantFrom('', ' ', '  ', '\t');
/** A spelling of a text as a person or a tool might type it: any case, padded with whitespace. */
const spelling = (text: string) =>
  fc
    .tuple(spaces, fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }), spaces)
    .map(([before, upper, after]) => before + [...text].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join('') + after);

const keyArb = fc.oneof(
  fc.constantFrom('tollgate:exclude', 'env', 'environment', 'stage', 'team', 'owner', 'owner-team', 'name').chain(spelling),
  // ASCII: a key whose upper case has another length (ß → SS) is another key, in AWS as here
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
);
const valueArb = fc.oneof(
  fc.constantFrom('true', 'false', 'yes', 'no', 'prod', 'production', 'dev', 'alice', 'bob', '').chain(spelling),
  fc.string({ maxLength: 8 }),
);
const tagsArb = fc.dictionary(keyArb, valueArb, { maxKeys: 8 });

/** The same entries in another order: what a cloud API may return from one call to the next. */
const reordered = (tags: Record<string, string>, order: number[]) => {
  const entries = Object.entries(tags);
  const shuffled = entries.map((e, i) => [order[i] ?? 0, i, e] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return Object.fromEntries(shuffled.map(([, , e]) => e));
};

const reading = (tags: Record<string, string>) => {
  const r = readTags(tags, RULES);
  return { excluded: r.isExcluded, production: r.isProduction, owners: r.owners, teams: r.teams, conflicts: r.conflicts, env: r.variants('env') };
};

describe('readTags properties', () => {
  it('reads the same whatever the order of the keys', () => {
    fc.assert(
      fc.property(tagsArb, fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), (tags, order) => {
        expect(reading(reordered(tags, order))).toEqual(reading(tags));
      }),
      { numRuns: 500 },
    );
  });

  it('never weakens exclusion or production when a variant is added, in any spelling and position', () => {
    const variantArb = fc.oneof(
      fc.tuple(spelling('tollgate:exclude'), valueArb),
      fc.tuple(fc.constantFrom('env', 'Env', 'environment', 'stage').chain(spelling), valueArb),
    );
    fc.assert(
      fc.property(tagsArb, variantArb, fc.boolean(), (tags, [key, value], first) => {
        fc.pre(!Object.hasOwn(tags, key));
        const before = readTags(tags, RULES);
        const added = first ? { [key]: value, ...tags } : { ...tags, [key]: value };
        const after = readTags(added, RULES);
        if (before.isExcluded) expect(after.isExcluded).toBe(true);
        if (before.isProduction) expect(after.isProduction).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('excludes whenever some spelling of the exclusion key says true, whatever the other variants say', () => {
    fc.assert(
      fc.property(tagsArb, spelling('tollgate:exclude'), spelling('true'), fc.boolean(), (tags, key, value, first) => {
        fc.pre(!Object.hasOwn(tags, key));
        const added = first ? { [key]: value, ...tags } : { ...tags, [key]: value };
        expect(readTags(added, RULES).isExcluded).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is production whenever some spelling of env or an alias names a production value', () => {
    fc.assert(
      fc.property(
        tagsArb,
        fc.constantFrom('env', 'environment', 'stage').chain(spelling),
        fc.constantFrom('prod', 'production').chain(spelling),
        fc.boolean(),
        (tags, key, value, first) => {
          fc.pre(!Object.hasOwn(tags, key));
          const added = first ? { [key]: value, ...tags } : { ...tags, [key]: value };
          expect(readTags(added, RULES).isProduction).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a key the same in any case and padding: respelling every key changes nothing', () => {
    fc.assert(
      fc.property(tagsArb, fc.array(fc.tuple(fc.boolean(), spaces), { minLength: 8, maxLength: 8 }), (tags, how) => {
        const entries = Object.entries(tags);
        const respelled = Object.fromEntries(entries.map(([k, v], i) => [how[i]![0] ? ` ${k.toUpperCase()}${how[i]![1]}` : k.toLowerCase(), v]));
        // Two source keys may collapse into one entry here; only compare when none did.
        fc.pre(Object.keys(respelled).length === entries.length);
        const a = readTags(tags, RULES);
        const b = readTags(respelled, RULES);
        expect([b.isExcluded, b.isProduction, b.owners, b.teams]).toEqual([a.isExcluded, a.isProduction, a.owners, a.teams]);
      }),
      {
        numRuns: 500,
        // Found by this property: which spelling of a team stood for it depended on how the keys were spelled.
        examples: [
          [
            { 'tollgate:exclude': '', '': 'true', ' ': 'true', 'owner-team': 'alice', ' team': 'alicE' },
            [
              [false, ''],
              [false, ''],
              [false, ''],
              [true, ''],
              [false, ''],
              [false, ''],
              [false, ''],
              [false, ''],
            ],
          ],
        ],
      },
    );
  });
});
