import type { AnomalyOptions } from './options.js';
import { dateOfDay } from './calendar.js';
import { BaselineWorkspace, SeasonalBaseline } from './seasonal-baseline.js';
import { medianOf7 } from './robust-stats.js';
import { nativeSeriesScan } from './native-series-detector.js';

export type SeriesMethod = 'seasonal-mad' | 'level-shift' | 'drift' | 'new-service';

/** One anomalous event on one series, reported on its first day. */
export interface SeriesEvent {
  index: number;
  expected: number;
  actual: number;
  lower: number;
  upper: number;
  method: SeriesMethod;
}

/**
 * Finds cost increases in one dense daily series (index 0 = `firstDay`). Consecutive
 * days above the band are one event; when they last `shiftConfirmDays` the event is a
 * level shift and the baseline restarts at its first day, so a deploy that raises cost
 * for good alerts once. Decreases are not alerted but restart the baseline too.
 */
export function detectSeriesEvents(values: ArrayLike<number>, firstDay: number, options: AnomalyOptions): SeriesEvent[] {
  const scan = nativeSeriesScan();
  if (!scan) return scriptSeriesEvents(values, firstDay, options);
  let firstActive = 0;
  while (firstActive < values.length && values[firstActive]! <= 0) firstActive++;
  if (firstActive === values.length) return [];
  // The new-key check reads calendar dates: it stays here; the scan is the native one.
  const newKey = newKeyEvent(values, firstDay, firstActive, options);
  const scanned = scan(values, firstDay, options);
  if (!newKey) return scanned;
  return [newKey, ...scanned].sort((a, b) => a.index - b.index);
}

/**
 * The same method in TypeScript: what runs where the native detector is not built (and what
 * native/series-detector/ is held to).
 */
export function scriptSeriesEvents(values: ArrayLike<number>, firstDay: number, options: AnomalyOptions): SeriesEvent[] {
  const n = values.length;
  let firstActive = 0;
  while (firstActive < n && values[firstActive]! <= 0) firstActive++;
  if (firstActive === n) return [];
  const events: SeriesEvent[] = [];
  const newKey = newKeyEvent(values, firstDay, firstActive, options);
  if (newKey) events.push(newKey);

  // The scan is synchronous and its baseline never escapes: one workspace serves every series.
  const baseline = new SeasonalBaseline(values, firstDay, options, scanWorkspace);
  const drift = new DriftWatch(values, options);
  let regimeStart = firstActive;
  let upRun = 0;
  let downRun = 0;
  let cusum = 0;
  let cusumStart = firstActive + options.warmupDays;
  let cusumExcessUsd = 0;
  let open: SeriesEvent | undefined; // the event the current run of alerted days belongs to
  for (let t = firstActive + options.warmupDays; t < n; t++) {
    const b = baseline.at(t, regimeStart);
    const actual = values[t]!;
    const upper = b.expected + b.halfWidth;
    const lower = Math.max(0, b.expected - b.halfWidth);
    upRun = actual > upper ? upRun + 1 : 0;
    downRun = actual < lower ? downRun + 1 : 0;
    const worthReporting = actual > upper && passesFloors(actual, b.expected, options);
    if (worthReporting && !open) {
      open = { index: t, expected: b.expected, actual, lower, upper, method: 'seasonal-mad' };
      events.push(open);
    } else if (!worthReporting && upRun === 0) open = undefined;
    const shifted = upRun >= options.shiftConfirmDays || downRun >= options.shiftConfirmDays;
    if (shifted) {
      regimeStart = t - options.shiftConfirmDays + 1;
      if (open && upRun > 0) open.method = 'level-shift';
      upRun = downRun = 0;
      open = undefined;
      cusum = cusumExcessUsd = 0;
      cusumStart = t + 1;
      drift.restartAt(regimeStart);
    }
    // The day a shift is confirmed the baseline restarts: the CUSUM, reset with it, does not also
    // read that day against the old baseline (it used to fire a second level shift and move the
    // regime past the day, leaving the next day an empty window and an expected cost of 0).
    if (!shifted) {
      // CUSUM catches a persistent shift too small for the one-day band (a deploy on a big bill).
      const z = b.halfWidth > 0 ? ((actual - b.expected) / b.halfWidth) * options.bandSigmas : 0;
      cusum = Math.max(0, cusum + z - options.cusumDriftSigmas);
      if (cusum === 0) cusumStart = t + 1;
      else cusumExcessUsd += actual - b.expected;
      if (cusum > options.cusumAlarmSigmas && !open) {
        const days = t - cusumStart + 1;
        const meanExpected = b.expected;
        if (passesFloors(meanExpected + cusumExcessUsd / days, meanExpected, options))
          events.push({ index: t, expected: b.expected, actual, lower, upper: b.expected + b.halfWidth, method: 'level-shift' });
        regimeStart = cusumStart;
        drift.restartAt(regimeStart);
      }
      if (cusum === 0 || cusum > options.cusumAlarmSigmas) {
        cusum = 0;
        cusumExcessUsd = 0;
        cusumStart = t + 1;
      }
    }
    const drifted = drift.check(t, b, regimeStart);
    if (drifted && !open) events.push(drifted);
  }
  return events.sort((a, b) => a.index - b.index);
}

const scanWorkspace = new BaselineWorkspace();
let weekMediansBuffer = new Float64Array(0);

export function passesFloors(actual: number, expected: number, options: AnomalyOptions): boolean {
  const delta = actual - expected;
  return delta >= options.minImpactUsd && delta >= options.minPctAboveExpected * expected;
}

/**
 * A key first charged on the 1st of a month and not on the next two days is a monthly fee
 * (support plan, licence), not a new service. Until those two days are known it is not judged:
 * the alert waits rather than cry wolf on every month-start.
 */
function looksLikeMonthlyFee(values: ArrayLike<number>, firstDay: number, firstActive: number): boolean {
  if (!dateOfDay(firstDay + firstActive).endsWith('-01')) return false;
  if (firstActive + 2 >= values.length) return true;
  return values[firstActive + 1]! <= 0 && values[firstActive + 2]! <= 0;
}

/** A key that appears after enough history, at or above the $ floor within its first days. */
function newKeyEvent(values: ArrayLike<number>, firstDay: number, firstActive: number, options: AnomalyOptions): SeriesEvent | undefined {
  if (firstActive < options.newKeyMinHistoryDays) return undefined;
  if (looksLikeMonthlyFee(values, firstDay, firstActive)) return undefined;
  for (let t = firstActive; t < Math.min(values.length, firstActive + options.warmupDays); t++) {
    const actual = values[t]!;
    if (actual >= options.newKeyMinUsd) return { index: t, expected: 0, actual, lower: 0, upper: 0, method: 'new-service' };
  }
  return undefined;
}

/**
 * Gradual drift (a slow leak): four consecutive weekly medians of the series, each above the
 * one before, growing by driftMinGrowth in total *more than the series grew before*: steady
 * growth that was already there is the business growing, not a leak. Reported once, then quiet
 * for four weeks.
 */
class DriftWatch {
  private quietUntil = -1;
  /** weekMedians[i] = median of values[i−6..i]; seven days hold one of each weekday, so seasonality cancels */
  private readonly weekMedians: Float64Array;

  constructor(
    private readonly values: ArrayLike<number>,
    private readonly options: AnomalyOptions,
  ) {
    this.weekMedians = rollingWeekMedians(values);
  }

  restartAt(index: number): void {
    this.quietUntil = Math.max(this.quietUntil, index + 27);
  }

  check(t: number, b: { weekdayFactor: number; halfWidth: number }, regimeStart: number): SeriesEvent | undefined {
    if (t < this.quietUntil || t - 27 < regimeStart) return undefined;
    const m = this.weekMedians;
    // Cheapest test first: total growth over the four weeks, then each week above the one before.
    const first = m[t - 21]!;
    const last = m[t]!;
    if (first <= 0 || last / first - 1 < this.options.driftMinGrowth) return undefined;
    const step = 1 + this.options.driftMinWeeklyGrowth;
    const second = m[t - 14]!;
    const third = m[t - 7]!;
    if (second < first * step || third < second * step || last < third * step) return undefined;
    const before = this.growthBefore(t - 21, regimeStart);
    if (last / first / before - 1 < this.options.driftMinGrowth) return undefined;
    const expected = first * before * b.weekdayFactor;
    const actual = this.values[t]!;
    if (!passesFloors(actual, expected, this.options)) return undefined;
    this.quietUntil = t + 28;
    return { index: t, expected, actual, lower: Math.max(0, expected - b.halfWidth), upper: expected + b.halfWidth, method: 'drift' };
  }

  /**
   * Growth factor over 21 days the series showed before `end`, ≥ 1: measured over 21 days, or over
   * 14 when fewer are known and extrapolated as g × √g (= g^(21/14)). Not g^(21/span): pow is not
   * correctly rounded, so the native detector and this one could differ in the last bit.
   */
  private growthBefore(end: number, regimeStart: number): number {
    const known = end - (regimeStart + 6);
    if (known < 14) return 1;
    const span = known >= 21 ? 21 : 14;
    const from = this.weekMedians[end - span]!;
    const to = this.weekMedians[end]!;
    if (from <= 0 || to <= from) return 1;
    const growth = to / from;
    return span === 21 ? growth : growth * Math.sqrt(growth);
  }
}

/** Rolling 7-day medians, in a buffer reused by the next series (a DriftWatch lives for one scan). */
function rollingWeekMedians(values: ArrayLike<number>): Float64Array {
  if (weekMediansBuffer.length < values.length) weekMediansBuffer = new Float64Array(Math.max(values.length, 2 * weekMediansBuffer.length));
  const out = weekMediansBuffer;
  out.fill(0, 0, Math.min(6, values.length));
  for (let i = 6; i < values.length; i++) out[i] = medianOf7(values, i - 6);
  return out;
}
