import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedWindow } from '../../detect/anomaly/sorted-window.js';

describe('SortedWindow (the rolling medians of the incremental baseline)', () => {
  it('keeps the median of the last k values of any sequence, as sorting them would', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 20 }), (values, k) => {
        const window = new SortedWindow(k);
        values.forEach((v, i) => {
          if (i >= k) window.remove(values[i - k]!);
          window.insert(v);
          const last = values.slice(Math.max(0, i - k + 1), i + 1).sort((a, b) => a - b);
          const mid = last.length >> 1;
          const median = last.length % 2 === 1 ? last[mid]! : (last[mid - 1]! + last[mid]!) / 2;
          expect(window.median()).toBe(median);
        });
      }),
    );
  });

  it('replaces a value as removing it and inserting the new one would, ties and misses included', () => {
    const value = fc.oneof(fc.constantFrom(0, 1, 2, 2, 3), fc.double({ min: 0, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), value, value, fc.boolean(), (start, fresh, missing, hit) => {
        const a = new SortedWindow(start.length + 1);
        const b = new SortedWindow(start.length + 1);
        start.forEach((v) => (a.insert(v), b.insert(v)));
        const old = hit ? start[Math.floor(start.length / 2)]! : missing;
        a.remove(old);
        a.insert(fresh);
        b.replace(old, fresh);
        expect(b.size).toBe(a.size);
        // the same removals from both must give the same median at every step
        for (const v of [...start, fresh]) {
          expect(b.median()).toBe(a.median());
          a.remove(v);
          b.remove(v);
          expect(b.size).toBe(a.size);
        }
      }),
    );
  });

  it('refuses more values than it holds rather than drop one silently', () => {
    const window = new SortedWindow(2);
    window.insert(1);
    window.insert(2);
    expect(() => window.insert(3)).toThrow(/more than 2 values/);
  });
});
