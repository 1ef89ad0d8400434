import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianInPlace } from '../../detect/anomaly/robust-stats.js';

const sortedMedian = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

describe('medianInPlace (insertion sort, quickselect or sort by size)', () => {
  it('equals the middle of the sorted values for any size, with ties and repeated values', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 100 }), (values) => {
        expect(medianInPlace(Float64Array.from(values), values.length)).toBe(sortedMedian(values));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads only the first n values of the buffer', () => {
    const buf = Float64Array.from([5, 1, 4, 2, 3, 9, 8, 7, 6, 10, 12, 11, 13, 14, -100, -100]);
    expect(medianInPlace(buf, 14)).toBe(7.5);
  });
});
