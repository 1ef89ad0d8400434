import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, DEFAULT_ANOMALY_OPTIONS, detectSeriesEvents, type AnomalyOptions } from '../../detect/anomaly/index.js';
import { nativeDetectorStatus } from '../../detect/anomaly/native-series-detector.js';
import { scriptSeriesEvents } from '../../detect/anomaly/series-detector.js';
import { referenceSeriesEvents } from './reference-detector.js';

/**
 * The detector keeps sorted windows, a per-series ratio table and per-fit deseasonalized values
 * instead of recomputing them for every day; reference-detector.ts recomputes everything. Both must
 * agree exactly (same events, same numbers), on any series: the TypeScript scan, and the native
 * one (native/series-detector/, which `detectSeriesEvents` runs when it is built; `make test`
 * builds it, TOLLGATE_NATIVE_DETECTOR=0 leaves it out).
 */
const native = nativeDetectorStatus();
const implementations = [
  { name: 'TypeScript', detect: scriptSeriesEvents, skip: false },
  { name: 'native', detect: detectSeriesEvents, skip: !native.native },
];

const FIRST_DAYS = { min: dayNumber('2024-01-01'), max: dayNumber('2027-12-31') };

/** Daily costs shaped like a bill: a level, weekends, noise, and sometimes spikes, steps, gaps, ties and a late start. */
const billLike = fc
  .record({
    length: fc.integer({ min: 0, max: 140 }),
    base: fc.double({ min: 1, max: 20_000, noNaN: true }),
    weekend: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
    noise: fc.double({ min: 0, max: 0.4, noNaN: true }),
    growth: fc.double({ min: -0.01, max: 0.02, noNaN: true }),
    leadingZeros: fc.integer({ min: 0, max: 60 }),
    gapEvery: fc.integer({ min: 0, max: 12 }),
    // rounding to whole dollars (or tens) makes ties common, as on a flat reserved-instance line
    roundTo: fc.constantFrom(0, 0.01, 1, 10),
    shocks: fc.array(fc.record({ at: fc.nat(139), factor: fc.double({ min: 0, max: 4, noNaN: true }), days: fc.integer({ min: 1, max: 40 }) }), {
      maxLength: 4,
    }),
    seed: fc.nat(),
  })
  .map((s) => {
    let x = s.seed || 1;
    const random = () => (x = (x * 48271) % 2147483647) / 2147483647;
    return Array.from({ length: s.length }, (_, d) => {
      if (d < s.leadingZeros || (s.gapEvery > 0 && d % s.gapEvery === s.gapEvery - 1)) return 0;
      let v = s.base * (1 + s.growth) ** d * (d % 7 >= 5 ? s.weekend : 1) * (1 + s.noise * (random() - 0.5));
      for (const shock of s.shocks) if (d >= shock.at && d < shock.at + shock.days) v *= shock.factor;
      return s.roundTo > 0 ? Math.round(v / s.roundTo) * s.roundTo : v;
    });
  });

/** Arbitrary values too: constant runs, zeros, exact repeats, huge jumps. */
const arbitrary = fc.array(fc.oneof(fc.constantFrom(0, 100, 100, 250), fc.double({ min: 0, max: 1e6, noNaN: true })), { maxLength: 120 });

const options: fc.Arbitrary<AnomalyOptions> = fc
  .record({
    warmupDays: fc.integer({ min: 0, max: 20 }),
    levelWindowDays: fc.integer({ min: 1, max: 40 }),
    seasonWindowWeeks: fc.integer({ min: 1, max: 10 }),
    scaleWindowDays: fc.integer({ min: 7, max: 60 }),
    bandSigmas: fc.double({ min: 1, max: 8, noNaN: true }),
    shiftConfirmDays: fc.integer({ min: 1, max: 5 }),
    minImpactUsd: fc.constantFrom(0, 10, 50),
  })
  .map((o) => ({ ...DEFAULT_ANOMALY_OPTIONS, ...o }));

describe.each(implementations)('the incremental series detector ($name)', ({ detect, skip }) => {
  const same = (values: number[], firstDay: number, o: AnomalyOptions): void => {
    expect(detect(Float64Array.from(values), firstDay, o)).toEqual(referenceSeriesEvents(values, firstDay, o));
  };
  if (skip) it.skip(`not built: ${native.detail}`, () => {});
  else defineProperties(same, detect);
});

function defineProperties(
  same: (values: number[], firstDay: number, o: AnomalyOptions) => void,
  detect: (values: ArrayLike<number>, firstDay: number, o: AnomalyOptions) => unknown,
): void {
  it('finds exactly the events of the from-scratch reference on bill-like series', () => {
    fc.assert(
      fc.property(billLike, fc.integer(FIRST_DAYS), (values, firstDay) => same(values, firstDay, DEFAULT_ANOMALY_OPTIONS)),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference under any window, band and warm-up setting', () => {
    fc.assert(
      fc.property(billLike, fc.integer(FIRST_DAYS), options, (values, firstDay, o) => same(values, firstDay, o)),
      { numRuns: 300 },
    );
  });

  it('agrees on arbitrary, tied, short and empty series', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer(FIRST_DAYS), options, (values, firstDay, o) => same(values, firstDay, o)),
      { numRuns: 300 },
    );
  });

  it('gives each series the same answer whatever was scanned before it (buffers are reused)', () => {
    fc.assert(
      fc.property(fc.array(billLike, { minLength: 2, maxLength: 5 }), fc.integer(FIRST_DAYS), (series, firstDay) => {
        const together = series.map((v) => detect(Float64Array.from(v), firstDay, DEFAULT_ANOMALY_OPTIONS));
        const alone = series.map((v) => referenceSeriesEvents(v, firstDay, DEFAULT_ANOMALY_OPTIONS));
        expect(together).toEqual(alone);
      }),
      { numRuns: 100 },
    );
  });

  it('finds events at all on these series, so agreement is not two empty lists', () => {
    let events = 0;
    fc.assert(
      fc.property(billLike, fc.integer(FIRST_DAYS), (values, firstDay) => {
        events += referenceSeriesEvents(values, firstDay, DEFAULT_ANOMALY_OPTIONS).length;
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(events).toBeGreaterThan(50);
  });
}
