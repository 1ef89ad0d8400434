import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Approval, type Resource } from '../../core/index.js';
import { approvalRequirement, evaluate } from '../../guardrails/index.js';
import { alice, authorizeOn, bob, p } from './ambiguous-tags-fixtures.js';
import { context, RESOURCE } from './fixtures.js';

// The verdict comes from a clean read; authorize() re-reads the resource's own tags too.
const ticketFor = (resource: Resource, approvals: Approval[]) => authorizeOn(resource, approvals, RESOURCE);

/**
 * Across random tag sets, key orders, and the case and spacing of keys and values: a VM with any
 * variant of tollgate:exclude that is not an explicit no never gets a passed verdict or a ticket,
 * and a VM with any variant of env (or an alias) naming production never runs on one approval.
 */

const spaces = fc.constantFrom('', ' ', '\t', '  ');
const spelling = (text: string) =>
  fc
    .tuple(spaces, fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }), spaces)
    .map(([before, upper, after]) => before + [...text].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('') + after);

/** Other tags, including harmless variants that try to outvote the safe one. */
const noise = fc.dictionary(
  fc.oneof(
    fc.constantFrom('tollgate:exclude', 'env', 'Environment', 'stage', 'team', 'Name').chain(spelling),
    fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
  ),
  fc.oneof(fc.constantFrom('false', 'no', 'dev', 'test', 'core', 'true', 'prod').chain(spelling), fc.string({ maxLength: 6 })),
  { maxKeys: 6 },
);

/** Puts the entry at a random position among the others. */
const withEntryAt = (tags: Record<string, string>, key: string, value: string, at: number): Record<string, string> => {
  const entries = Object.entries(tags).filter(([k]) => k !== key);
  entries.splice(at % (entries.length + 1), 0, [key, value]);
  return Object.fromEntries(entries);
};

const vm = (tags: Record<string, string>): Resource => ({ ...RESOURCE, tags });

describe('guardrails over ambiguous tags', () => {
  it('an excluding variant anywhere fails the verdict and refuses the ticket', () => {
    fc.assert(
      fc.property(noise, spelling('tollgate:exclude'), fc.constantFrom('true', 'yes', '1', '').chain(spelling), fc.nat(), (tags, key, value, at) => {
        const resource = vm(withEntryAt(tags, key, value, at));
        expect(evaluate(context({ policy: p, resource })).passed).toBe(false);
        // Refused for the exclusion itself, not for anything else (the approvals are signed and enough).
        expect(ticketFor(resource, [alice, bob]).reasons).toContainEqual(expect.stringMatching(/^the resource is tagged .*tollgate:exclude/i));
      }),
      { numRuns: 300 },
    );
  });

  it('a production variant anywhere needs the production approvals', () => {
    fc.assert(
      fc.property(
        noise,
        fc.constantFrom('env', 'Env', 'environment', 'Environment', 'stage').chain(spelling),
        fc.constantFrom('prod', 'production').chain(spelling),
        fc.nat(),
        (tags, key, value, at) => {
          const resource = vm(withEntryAt(tags, key, value, at));
          expect(approvalRequirement(resource, p).required).toBe(p.approvals.requiredForProduction);
          expect(ticketFor(resource, [alice]).reasons).toContain('1 more approval(s) needed');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the key order of a resource never changes the verdict', () => {
    fc.assert(
      fc.property(noise, fc.nat(), (tags, rotate) => {
        const entries = Object.entries(tags);
        const k = entries.length === 0 ? 0 : rotate % entries.length;
        const rotated = Object.fromEntries([...entries.slice(k), ...entries.slice(0, k)]);
        const a = evaluate(context({ policy: p, resource: vm(tags) }));
        const b = evaluate(context({ policy: p, resource: vm(rotated) }));
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});
