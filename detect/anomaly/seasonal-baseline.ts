import { previousMonthIndices, weekdayOfDay } from './calendar.js';
import type { AnomalyOptions } from './options.js';
import { MAD_TO_SIGMA, medianInPlace } from './robust-stats.js';
import { SortedWindow } from './sorted-window.js';

/** What a day was expected to cost and how wide the normal band around it is. */
export interface DayBaseline {
  expected: number;
  halfWidth: number;
  /** Deseasonalized level the expectation was built on. */
  level: number;
  weekdayFactor: number;
}

/** Weekday factors and the relative scale move slowly: they are refitted once a week, not every day. */
const REFIT_DAYS = 7;

/**
 * A causal, robust baseline for one dense daily series: only days before `t` are read.
 * expected = weekday factor × median deseasonalized level (+ last month's same-day excess
 * when it recurs, e.g. month-start fees); the band is a multiple of a MAD-based relative scale.
 *
 * Incremental: called for t, t+1, … (the detector's scan), the weekday factors and scale are
 * refitted weekly and the level is a rolling median over a sorted window, so a scored day costs
 * O(window) instead of rebuilding every statistic. Any other call order refits from scratch.
 */
export class SeasonalBaseline {
  private readonly weeklyMean: Float64Array;
  private readonly scratch = new Float64Array(64);
  private readonly factors = new Float64Array(7);
  private relScale = 0;
  /** deseasonalized change per day, when the last three weeks rose (or fell) steadily; else 0 */
  private slope = 0;
  private fitAt = Number.NEGATIVE_INFINITY;
  private fitStart = -1;
  private readonly level: SortedWindow;
  /** the index range [from, to) the level window holds, under the current fit */
  private levelFrom = 0;
  private levelTo = 0;
  /** weekday of index 0; weekday(i) = (weekday0 + i) mod 7 */
  private readonly weekday0: number;
  private readonly previousMonth: Int32Array;
  /** reused: the scan reads each day's baseline once and copies what it keeps */
  private readonly result: DayBaseline = { expected: 0, halfWidth: 0, level: 0, weekdayFactor: 1 };

  constructor(
    private readonly values: ArrayLike<number>,
    /** Day number (days since epoch) of index 0. */
    private readonly firstDay: number,
    private readonly options: AnomalyOptions,
  ) {
    this.weeklyMean = centeredWeeklyMean(values);
    this.level = new SortedWindow(Math.max(1, options.levelWindowDays));
    this.weekday0 = weekdayOfDay(firstDay);
    this.previousMonth = previousMonthIndices(firstDay, values.length);
  }

  /**
   * Baseline for index t from history [max(start, …), t). `start` bounds the regime after a level shift.
   * The object returned is reused by the next call: copy what you keep.
   */
  at(t: number, start: number): DayBaseline {
    const options = this.options;
    if (start !== this.fitStart || t < this.fitAt || t - this.fitAt >= REFIT_DAYS) this.refit(t, start);
    const factors = this.factors;
    const levelFrom = Math.max(start, t - options.levelWindowDays);
    const n0 = this.levelOver(levelFrom, t);
    // The median sits at the window's middle: carry a steady trend forward to day t, or steady growth reads as a rise.
    const level = Math.max(0, n0 + this.slope * (t - (levelFrom + t - 1) / 2));
    const n = this.level.size;
    const relScale = this.relScale;
    const weekdayFactor = factors[this.weekday(t)]!;
    const seasonal = weekdayFactor * level;
    const recurring = this.recurringMonthlyExcess(t, start, factors, relScale);
    // The level is itself a median of n noisy days: widen the band by its standard error (π/2n for a median).
    const predictionSpread = Math.sqrt(1 + Math.PI / (2 * Math.max(1, n)));
    const r = this.result;
    r.expected = seasonal + recurring;
    r.halfWidth = options.bandSigmas * relScale * predictionSpread * seasonal;
    r.level = level;
    r.weekdayFactor = weekdayFactor;
    return r;
  }

  /** The fitted weekday factor of index i (after a call to `at`): lets a caller project the baseline forward. */
  factorOf(i: number): number {
    return this.factors[this.weekday(i)]!;
  }

  private refit(t: number, start: number): void {
    this.fitAt = t;
    this.fitStart = start;
    this.weekdayFactors(t, start);
    this.relScale = Math.max(this.options.minRelativeScale, this.relativeScale(t, start, this.factors));
    this.slope = this.steadyTrend(t, start);
    this.level.clear();
    this.levelFrom = this.levelTo = Math.max(start, t - this.options.levelWindowDays);
  }

  /** Median of the deseasonalized values in [from, to): slides the sorted window when it can. */
  private levelOver(from: number, to: number): number {
    if (from < this.levelFrom || from > this.levelTo) {
      this.level.clear();
      this.levelFrom = this.levelTo = from;
    }
    for (; this.levelFrom < from; this.levelFrom++) this.level.remove(this.deseasonalized(this.levelFrom));
    for (; this.levelTo < to; this.levelTo++) this.level.insert(this.deseasonalized(this.levelTo));
    return this.level.size > 0 ? this.level.median() : 0;
  }

  private deseasonalized(i: number): number {
    return this.values[i]! / this.factors[this.weekday(i)]!;
  }

  private weekday(i: number): number {
    return (this.weekday0 + i) % 7;
  }

  /**
   * Daily slope of the deseasonalized weekly medians over the last three weeks, when both weekly
   * steps go the same way and are small (≤ 5 % a week): growth the business already had. A step
   * or a leak is larger or newer than that and stays visible.
   */
  private steadyTrend(t: number, start: number): number {
    if (t - 21 < start) return 0;
    const m0 = this.deseasonalizedWeekMedian(t - 21);
    const m1 = this.deseasonalizedWeekMedian(t - 14);
    const m2 = this.deseasonalizedWeekMedian(t - 7);
    if (m0 <= 0) return 0;
    const up = m1 > m0 && m2 > m1;
    const down = m1 < m0 && m2 < m1;
    if (!up && !down) return 0;
    if (Math.abs(m2 / m0 - 1) > 0.1) return 0;
    return (m2 - m0) / 14;
  }

  private deseasonalizedWeekMedian(from: number): number {
    for (let i = 0; i < 7; i++) this.scratch[i] = this.deseasonalized(from + i);
    return medianInPlace(this.scratch, 7);
  }

  /** Median of value / centered weekly mean per weekday, normalized to average 1; 1 when under two weeks are known. */
  private weekdayFactors(t: number, start: number): Float64Array {
    const from = Math.max(start + 3, t - 7 * this.options.seasonWindowWeeks);
    const to = t - 4; // the centered mean at i reads up to i + 3, which must be before t
    let sum = 0;
    for (let d = 0; d < 7; d++) {
      let n = 0;
      const firstOfWeekday = from + ((d - this.weekday(from) + 7) % 7);
      for (let i = firstOfWeekday; i <= to; i += 7) {
        const mean = this.weeklyMean[i]!;
        if (mean > 0) this.scratch[n++] = this.values[i]! / mean;
      }
      this.factors[d] = n >= 2 ? medianInPlace(this.scratch, n) : 1;
      sum += this.factors[d]!;
    }
    const norm = sum > 0 ? 7 / sum : 1;
    for (let d = 0; d < 7; d++) this.factors[d] = this.factors[d]! * norm || 1;
    return this.factors;
  }

  /** MAD of the relative residuals value / (factor × weekly mean) − 1 over the scale window. */
  private relativeScale(t: number, start: number, factors: Float64Array): number {
    const from = Math.max(start + 3, t - this.options.scaleWindowDays);
    let n = 0;
    for (let i = from; i <= t - 4; i++) {
      const mean = this.weeklyMean[i]!;
      if (mean > 0) this.scratch[n++] = Math.abs(this.values[i]! / (factors[this.weekday(i)]! * mean) - 1);
    }
    if (n < 10) return 0.1;
    // ×7/6: the centered mean contains the day itself, which shrinks its residual; the seven
    // weekday factors and the level were fitted on these same days (degrees of freedom n − 8).
    return ((MAD_TO_SIGMA * 7) / 6) * Math.sqrt(n / (n - 8)) * medianInPlace(this.scratch, n);
  }

  /** Last month's same-day excess, when that day itself stood out: a recurring fee, not an anomaly. */
  private recurringMonthlyExcess(t: number, start: number, factors: Float64Array, relScale: number): number {
    const p = this.previousMonth[t]!;
    if (p < start || p + 7 >= t) return 0;
    const threshold = 1 + this.options.bandSigmas * relScale;
    let n = 0;
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = Math.max(start, p - 7); i <= p + 7; i++) {
      if (i === p) continue;
      const v = this.values[i]! / factors[this.weekday(i)]!;
      this.scratch[n++] = v;
      if (v < lowest) lowest = v;
    }
    if (n < 5) return 0;
    // The median is at least the lowest neighbour: most days stop here without sorting.
    if (this.values[p]! <= factors[this.weekday(p)]! * lowest * threshold) return 0;
    const local = factors[this.weekday(p)]! * medianInPlace(this.scratch, n);
    const excess = this.values[p]! - local;
    return excess > this.options.bandSigmas * relScale * local ? excess : 0;
  }
}

/** Mean of the 7 days centered on i (one of each weekday, so seasonality cancels); 0 where the window does not fit. */
function centeredWeeklyMean(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < Math.min(7, n); i++) sum += values[i]!;
  for (let c = 3; c + 3 < n; c++) {
    out[c] = sum / 7;
    if (c + 4 < n) sum += values[c + 4]! - values[c - 3]!;
  }
  return out;
}
