import { dateOfDay, previousMonthIndices, weekdayOfDay, type AnomalyOptions, type SeriesEvent } from '../../detect/anomaly/index.js';

/**
 * The series detector written the slow, obvious way: every statistic of every scored day is
 * recomputed from the raw values with a plain sort, nothing is carried from one day to the next
 * but the fit schedule itself (weekly refits, and a refit when the regime restarts, which is part
 * of the method). detect/anomaly/series-detector.ts must return exactly what this returns.
 */
export function referenceSeriesEvents(values: readonly number[] | Float64Array, firstDay: number, options: AnomalyOptions): SeriesEvent[] {
  const n = values.length;
  let firstActive = 0;
  while (firstActive < n && values[firstActive]! <= 0) firstActive++;
  if (firstActive === n) return [];
  const events: SeriesEvent[] = [];
  const newKey = newKeyEvent(values, firstDay, firstActive, options);
  if (newKey) events.push(newKey);

  const baseline = new ReferenceBaseline(values, firstDay, options);
  const drift = new ReferenceDrift(values, options);
  let regimeStart = firstActive;
  let upRun = 0;
  let downRun = 0;
  let cusum = 0;
  let cusumStart = firstActive + options.warmupDays;
  let cusumExcessUsd = 0;
  let open: SeriesEvent | undefined;
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
      const z = b.halfWidth > 0 ? ((actual - b.expected) / b.halfWidth) * options.bandSigmas : 0;
      cusum = Math.max(0, cusum + z - options.cusumDriftSigmas);
      if (cusum === 0) cusumStart = t + 1;
      else cusumExcessUsd += actual - b.expected;
      if (cusum > options.cusumAlarmSigmas && !open) {
        const days = t - cusumStart + 1;
        if (passesFloors(b.expected + cusumExcessUsd / days, b.expected, options))
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

function passesFloors(actual: number, expected: number, options: AnomalyOptions): boolean {
  const delta = actual - expected;
  return delta >= options.minImpactUsd && delta >= options.minPctAboveExpected * expected;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function newKeyEvent(values: ArrayLike<number>, firstDay: number, firstActive: number, options: AnomalyOptions): SeriesEvent | undefined {
  if (firstActive < options.newKeyMinHistoryDays) return undefined;
  if (dateOfDay(firstDay + firstActive).endsWith('-01')) {
    if (firstActive + 2 >= values.length) return undefined;
    if (values[firstActive + 1]! <= 0 && values[firstActive + 2]! <= 0) return undefined;
  }
  for (let t = firstActive; t < Math.min(values.length, firstActive + options.warmupDays); t++)
    if (values[t]! >= options.newKeyMinUsd) return { index: t, expected: 0, actual: values[t]!, lower: 0, upper: 0, method: 'new-service' };
  return undefined;
}

interface Fit {
  at: number;
  start: number;
  factors: number[];
  relScale: number;
  slope: number;
}

class ReferenceBaseline {
  private fit: Fit | undefined;
  private readonly weekday0: number;
  private readonly previousMonth: Int32Array;

  constructor(
    private readonly values: ArrayLike<number>,
    firstDay: number,
    private readonly options: AnomalyOptions,
  ) {
    this.weekday0 = weekdayOfDay(firstDay);
    this.previousMonth = previousMonthIndices(firstDay, values.length);
  }

  at(t: number, start: number) {
    const o = this.options;
    if (!this.fit || this.fit.start !== start || t < this.fit.at || t - this.fit.at >= 7) this.fit = this.refit(t, start);
    const { factors, relScale, slope } = this.fit;
    const levelFrom = Math.max(start, t - o.levelWindowDays);
    const window: number[] = [];
    for (let i = levelFrom; i < t; i++) window.push(this.deseasonalized(i, factors));
    const n0 = window.length > 0 ? median(window) : 0;
    const level = Math.max(0, n0 + slope * (t - (levelFrom + t - 1) / 2));
    const weekdayFactor = factors[this.weekday(t)]!;
    const seasonal = weekdayFactor * level;
    const recurring = this.recurringMonthlyExcess(t, start, factors, relScale);
    const predictionSpread = Math.sqrt(1 + Math.PI / (2 * Math.max(1, window.length)));
    return { expected: seasonal + recurring, halfWidth: o.bandSigmas * relScale * predictionSpread * seasonal, level, weekdayFactor };
  }

  private weekday(i: number): number {
    return (this.weekday0 + i) % 7;
  }

  /** values[i] × 1/factor (the method multiplies by the inverse factor). */
  private deseasonalized(i: number, factors: readonly number[]): number {
    return this.values[i]! * (1 / factors[this.weekday(i)]!);
  }

  /** values[i] over the mean of the 7 days centered on i, summed in index order; undefined where it does not fit or is not positive. */
  private ratio(i: number): number | undefined {
    const v = this.values;
    if (i < 3 || i + 3 >= v.length) return undefined;
    const mean = (v[i - 3]! + v[i - 2]! + v[i - 1]! + v[i]! + v[i + 1]! + v[i + 2]! + v[i + 3]!) / 7;
    return mean > 0 ? v[i]! / mean : undefined;
  }

  private refit(t: number, start: number): Fit {
    const o = this.options;
    const factors: number[] = [];
    const from = Math.max(start + 3, t - 7 * o.seasonWindowWeeks);
    for (let d = 0; d < 7; d++) {
      const ratios: number[] = [];
      for (let i = from; i <= t - 4; i++) {
        const r = this.ratio(i);
        if (this.weekday(i) === d && r !== undefined) ratios.push(r);
      }
      factors.push(ratios.length >= 2 ? median(ratios) : 1);
    }
    const sum = factors.reduce((a, b) => a + b, 0);
    const norm = sum > 0 ? 7 / sum : 1;
    // 0, NaN, and a subnormal factor whose inverse overflows all read as 1 (see usableFactor)
    for (let d = 0; d < 7; d++) {
      const f = factors[d]! * norm;
      factors[d] = f && Math.abs(1 / f) < Number.POSITIVE_INFINITY ? f : 1;
    }

    const residuals: number[] = [];
    for (let i = Math.max(start + 3, t - o.scaleWindowDays); i <= t - 4; i++) {
      const r = this.ratio(i);
      if (r !== undefined) residuals.push(Math.abs(r * (1 / factors[this.weekday(i)]!) - 1));
    }
    const m = residuals.length;
    const scale = m < 10 ? 0.1 : ((1.4826 * 7) / 6) * Math.sqrt(m / (m - 8)) * median(residuals);

    let slope = 0;
    if (t - 21 >= start) {
      const week = (f: number) => median(Array.from({ length: 7 }, (_, k) => this.deseasonalized(f + k, factors)));
      const [m0, m1, m2] = [week(t - 21), week(t - 14), week(t - 7)];
      const steady = (m1 > m0 && m2 > m1) || (m1 < m0 && m2 < m1);
      if (m0 > 0 && steady && Math.abs(m2 / m0 - 1) <= 0.1) slope = (m2 - m0) / 14;
    }
    return { at: t, start, factors, relScale: Math.max(o.minRelativeScale, scale), slope };
  }

  private recurringMonthlyExcess(t: number, start: number, factors: readonly number[], relScale: number): number {
    const p = this.previousMonth[t]!;
    if (p < start || p + 7 >= t) return 0;
    const neighbours: number[] = [];
    for (let i = Math.max(start, p - 7); i <= p + 7; i++) if (i !== p) neighbours.push(this.deseasonalized(i, factors));
    if (neighbours.length < 5) return 0;
    const local = factors[this.weekday(p)]! * median(neighbours);
    const excess = this.values[p]! - local;
    return excess > this.options.bandSigmas * relScale * local ? excess : 0;
  }
}

class ReferenceDrift {
  private quietUntil = -1;

  constructor(
    private readonly values: ArrayLike<number>,
    private readonly options: AnomalyOptions,
  ) {}

  restartAt(index: number): void {
    this.quietUntil = Math.max(this.quietUntil, index + 27);
  }

  /** Median of values[i−6..i]. */
  private week(i: number): number {
    return median(Array.from({ length: 7 }, (_, k) => this.values[i - 6 + k]!));
  }

  check(t: number, b: { weekdayFactor: number; halfWidth: number }, regimeStart: number): SeriesEvent | undefined {
    if (t < this.quietUntil || t - 27 < regimeStart) return undefined;
    const [first, second, third, last] = [this.week(t - 21), this.week(t - 14), this.week(t - 7), this.week(t)];
    if (first <= 0 || last / first - 1 < this.options.driftMinGrowth) return undefined;
    const step = 1 + this.options.driftMinWeeklyGrowth;
    if (second < first * step || third < second * step || last < third * step) return undefined;
    const before = this.growthBefore(t - 21, regimeStart);
    if (last / first / before - 1 < this.options.driftMinGrowth) return undefined;
    const expected = first * before * b.weekdayFactor;
    const actual = this.values[t]!;
    if (!passesFloors(actual, expected, this.options)) return undefined;
    this.quietUntil = t + 28;
    return { index: t, expected, actual, lower: Math.max(0, expected - b.halfWidth), upper: expected + b.halfWidth, method: 'drift' };
  }

  /** 21 days' growth, or 14 days' raised to 21/14 when fewer are known. */
  private growthBefore(end: number, regimeStart: number): number {
    const known = end - (regimeStart + 6);
    if (known < 14) return 1;
    const span = known >= 21 ? 21 : 14;
    const from = this.week(end - span);
    const to = this.week(end);
    if (from <= 0 || to <= from) return 1;
    return span === 21 ? to / from : (to / from) * Math.sqrt(to / from);
  }
}
