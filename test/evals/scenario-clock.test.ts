import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRelativeTimes } from '../../evals/runner/relative-time.js';
import { DEFAULT_SUITE } from '../../evals/runner/run-suite.js';
import { loadScenario, loadSuite } from '../../evals/runner/scenario.js';
import { estateOf } from '../../evals/runner/scenario-world.js';

const DAY_MS = 86_400_000;

describe('scenario timestamps are relative to the eval clock', () => {
  it('the cooldown scenario changed its VM two days before whatever day the eval runs', () => {
    const scenario = loadScenario(join(DEFAULT_SUITE, 'recently-changed-cooldown'));
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (now) => {
        const vm = estateOf(scenario, now).resources.find((r) => r.id === 'i-0web0overprov01');
        expect(Date.parse(vm?.lastChangedAt ?? '')).toBe(now.getTime() - 2 * DAY_MS);
      }),
    );
  });

  it('no scenario states an absolute time of its own: every estate loads on any clock', () => {
    const later = new Date(Date.now() + 3 * 365 * DAY_MS);
    for (const scenario of loadSuite(DEFAULT_SUITE)) expect(() => estateOf(scenario, later), scenario.id).not.toThrow();
  });

  it('reads now, past and future offsets in any unit', () => {
    const now = new Date('2031-03-10T12:00:00Z');
    const read = resolveRelativeTimes({ a: { lastChangedAt: '-36h' }, b: [{ seenAt: '+1w' }, { createdAt: 'now' }], note: '-2d' }, now, 'x');
    expect(read).toEqual({
      a: { lastChangedAt: '2031-03-09T00:00:00.000Z' },
      b: [{ seenAt: '2031-03-17T12:00:00.000Z' }, { createdAt: '2031-03-10T12:00:00.000Z' }],
      note: '-2d',
    });
  });

  it('refuses an absolute timestamp and names the field and the fix', () => {
    expect(() => resolveRelativeTimes({ patch: { vm: { lastChangedAt: '2026-11-20T00:00:00Z' } } }, new Date(), 'scn/scenario.json: estate')).toThrow(
      /scn\/scenario.json: estate.patch.vm.lastChangedAt: "2026-11-20T00:00:00Z" is not a time relative to the eval's clock; write "now", "-2d"/,
    );
  });
});
