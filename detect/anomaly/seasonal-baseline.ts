import { previousMonthIndices, weekdayOfDay } from './calendar.js';
import type { AnomalyOptions } from './options.js';
import { MAD_TO_SIGMA, medianInPlace, medianOf7 } from './robust-stats.js';
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
 * Each value's ratio to its centered weekly mean is computed once per series and its
 * deseasonalized value once per fit; test/detect/reference-detector.ts recomputes everything
 * for every day and must agree to the last bit.
 */
export class SeasonalBaseline {
  /** values[i] ÷ the 7 days centered on i (one of each weekday, so seasonality cancels); NaN where that is not positive or does not fit */
  private readonly ratio: Float64Array;
  /** values[i] ÷ its weekday factor under the current fit, for every index the fit reads (see deseasonalize) */
  private readonly ds: Float64Array;
  /** the lowest of them: a bound on every neighbourhood the month-start check reads */
  private dsLowest = 0;
  private readonly scratch: Float64Array;
  private readonly factors = new Float64Array(7);
  /** 1 ÷ each factor: a fit divides dozens of values by them, multiplying is cheaper */
  private readonly inverseFactors = new Float64Array(7);
  /** per weekday, the sorted ratios of indices [ratiosFrom, ratiosTo] the weekday factors are medians of */
  private readonly weekdayRatios: SortedWindow[];
  private ratiosFrom = 0;
  private ratiosTo = -1;
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

  /**
   * `workspace` lends the buffers of an earlier baseline that is no longer used (the detector scans
   * series after series with one): nothing is allocated per series. Without it the baseline owns its own.
   */
  constructor(
    private readonly values: ArrayLike<number>,
    /** Day number (days since epoch) of index 0. */
    firstDay: number,
    private readonly options: AnomalyOptions,
    workspace: BaselineWorkspace = new BaselineWorkspace(),
  ) {
    const buffers = workspace.fit(values.length, options);
    this.ratio = buffers.ratio;
    this.ds = buffers.ds;
    this.scratch = buffers.scratch;
    this.level = buffers.level;
    this.level.clear();
    this.weekdayRatios = buffers.weekdayRatios;
    for (const w of this.weekdayRatios) w.clear();
    ratioToWeeklyMean(values, this.ratio);
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
    const levelFrom = Math.max(start, t - options.levelWindowDays);
    const n0 = this.levelOver(levelFrom, t);
    // The median sits at the window's middle: carry a steady trend forward to day t, or steady growth reads as a rise.
    const level = Math.max(0, n0 + this.slope * (t - (levelFrom + t - 1) / 2));
    const n = this.level.size;
    const relScale = this.relScale;
    const weekdayFactor = this.factors[this.weekday(t)]!;
    const seasonal = weekdayFactor * level;
    const recurring = this.recurringMonthlyExcess(t, start, relScale);
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
    this.deseasonalize(t, start);
    this.relScale = Math.max(this.options.minRelativeScale, this.relativeScale(t, start));
    this.slope = this.steadyTrend(t, start);
    this.level.clear();
    this.levelFrom = this.levelTo = Math.max(start, t - this.options.levelWindowDays);
  }

  /**
   * Deseasonalized values for every index this fit reads: the level window up to the next refit,
   * the three weeks of the trend and last month's ±7 days (at most 38 days back).
   */
  private deseasonalize(t: number, start: number): void {
    const from = Math.max(0, start, t - Math.max(LOOKBACK_DAYS, this.options.levelWindowDays));
    const to = Math.min(this.values.length, t + REFIT_DAYS);
    let w = this.weekday(from);
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = from; i < to; i++) {
      const v = this.values[i]! * this.inverseFactors[w]!;
      this.ds[i] = v;
      if (v < lowest) lowest = v;
      if (++w === 7) w = 0;
    }
    this.dsLowest = lowest;
  }

  /** Median of the deseasonalized values in [from, to): slides the sorted window when it can. */
  private levelOver(from: number, to: number): number {
    if (from < this.levelFrom || from > this.levelTo || this.levelFrom === this.levelTo) {
      this.level.fill(this.ds, from, to);
      this.levelFrom = from;
      this.levelTo = to;
    }
    for (; this.levelFrom < from && this.levelTo < to; this.levelFrom++, this.levelTo++) this.level.replace(this.ds[this.levelFrom]!, this.ds[this.levelTo]!);
    for (; this.levelFrom < from; this.levelFrom++) this.level.remove(this.ds[this.levelFrom]!);
    for (; this.levelTo < to; this.levelTo++) this.level.insert(this.ds[this.levelTo]!);
    return this.level.size > 0 ? this.level.median() : 0;
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
    if (m0 <= 0) return 0;
    const m1 = this.deseasonalizedWeekMedian(t - 14);
    if (m1 === m0) return 0;
    const m2 = this.deseasonalizedWeekMedian(t - 7);
    const up = m1 > m0 && m2 > m1;
    const down = m1 < m0 && m2 < m1;
    if (!up && !down) return 0;
    if (Math.abs(m2 / m0 - 1) > 0.1) return 0;
    return (m2 - m0) / 14;
  }

  private deseasonalizedWeekMedian(from: number): number {
    return medianOf7(this.ds, from);
  }

  /**
   * Median of value / centered weekly mean per weekday, normalized to average 1; 1 when under two
   * weeks are known. The window moves a week per refit: each weekday's sorted ratios lose the
   * oldest and gain the newest instead of being collected and sorted again.
   */
  private weekdayFactors(t: number, start: number): void {
    const from = Math.max(start + 3, t - 7 * this.options.seasonWindowWeeks);
    const to = t - 4; // the centered mean at i reads up to i + 3, which must be before t
    const windows = this.weekdayRatios;
    if (from < this.ratiosFrom || to < this.ratiosTo || from > this.ratiosTo + 1) {
      for (const w of windows) w.clear();
      this.ratiosFrom = from;
      this.ratiosTo = from - 1;
    }
    const ratio = this.ratio;
    for (let i = this.ratiosFrom; i < from; i++) if (ratio[i] === ratio[i]) windows[this.weekday(i)]!.remove(ratio[i]!); // NaN: never held
    for (let i = this.ratiosTo + 1; i <= to; i++) if (ratio[i] === ratio[i]) windows[this.weekday(i)]!.insert(ratio[i]!);
    this.ratiosFrom = from;
    this.ratiosTo = Math.max(to, from - 1);
    let sum = 0;
    for (let d = 0; d < 7; d++) {
      const w = windows[d]!;
      this.factors[d] = w.size >= 2 ? w.median() : 1;
      sum += this.factors[d]!;
    }
    const norm = sum > 0 ? 7 / sum : 1;
    for (let d = 0; d < 7; d++) {
      this.factors[d] = usableFactor(this.factors[d]! * norm);
      this.inverseFactors[d] = 1 / this.factors[d]!;
    }
  }

  /** MAD of the relative residuals value / (factor × weekly mean) − 1 over the scale window. */
  private relativeScale(t: number, start: number): number {
    const from = Math.max(start + 3, t - this.options.scaleWindowDays);
    const ratio = this.ratio;
    const inverse = this.inverseFactors;
    const scratch = this.scratch;
    let n = 0;
    let w = this.weekday(from);
    for (let i = from; i <= t - 4; i++) {
      const r = ratio[i]!;
      if (r === r) scratch[n++] = Math.abs(r * inverse[w]! - 1);
      if (++w === 7) w = 0;
    }
    if (n < 10) return 0.1;
    // ×7/6: the centered mean contains the day itself, which shrinks its residual; the seven
    // weekday factors and the level were fitted on these same days (degrees of freedom n − 8).
    const toSigma = ((MAD_TO_SIGMA * 7) / 6) * Math.sqrt(n / (n - 8));
    if (this.belowFloor(n, toSigma)) return this.options.minRelativeScale;
    return toSigma * medianInPlace(scratch, n);
  }

  /**
   * Whether the median of scratch[0..n) is so small that toSigma × it is under the scale's floor
   * (the refit then takes the floor whatever the median is): true when more than half the
   * residuals are at most the matching limit, shrunk by far more than the rounding of the product.
   * A count instead of a selection, on quiet series the common case.
   */
  private belowFloor(n: number, toSigma: number): boolean {
    const floor = this.options.minRelativeScale;
    if (!(floor > 0)) return false;
    const limit = (floor / toSigma) * (1 - 1e-9);
    const scratch = this.scratch;
    let atMost = 0;
    for (let i = 0; i < n; i++) if (scratch[i]! <= limit) atMost++;
    return atMost > n >> 1;
  }

  /** Last month's same-day excess, when that day itself stood out: a recurring fee, not an anomaly. */
  private recurringMonthlyExcess(t: number, start: number, relScale: number): number {
    const p = this.previousMonth[t]!;
    if (p < start || p + 7 >= t) return 0;
    const from = Math.max(start, p - 7);
    if (p + 7 - from < 5) return 0; // fewer than five neighbours
    const threshold = 1 + this.options.bandSigmas * relScale;
    const factorP = this.factors[this.weekday(p)]!;
    // The median is at least the lowest neighbour, which is at least the lowest value of the fit:
    // most days stop at the first test, most others at the second, without sorting.
    if (this.values[p]! <= factorP * this.dsLowest * threshold) return 0;
    const ds = this.ds;
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = from; i <= p + 7; i++) if (i !== p && ds[i]! < lowest) lowest = ds[i]!;
    if (this.values[p]! <= factorP * lowest * threshold) return 0;
    let n = 0;
    for (let i = from; i <= p + 7; i++) if (i !== p) this.scratch[n++] = ds[i]!;
    const local = factorP * medianInPlace(this.scratch, n);
    const excess = this.values[p]! - local;
    return excess > this.options.bandSigmas * relScale * local ? excess : 0;
  }
}

/**
 * A weekday factor the fit can divide by: 0 or NaN (nothing known) is 1, and so is a factor so
 * close to 0 (a subnormal, from costs of a few 1e-324) that its inverse overflows, which would make
 * 0 × ∞ = NaN out of a zero-cost day and break every median after it.
 */
function usableFactor(f: number): number {
  return f && Math.abs(1 / f) < Number.POSITIVE_INFINITY ? f : 1;
}

/** How far back a fit reads deseasonalized values: last month's same day (≤ 31 days) and its 7 days before. */
const LOOKBACK_DAYS = 38;

/**
 * values[i] ÷ the mean of the 7 days centered on i, summed directly (no running sum, whose rounding
 * would depend on where it started); NaN where the window does not fit or its mean is not positive.
 */
function ratioToWeeklyMean(values: ArrayLike<number>, out: Float64Array): void {
  const n = values.length;
  out.fill(Number.NaN, 0, n);
  for (let c = 3; c + 3 < n; c++) {
    const mean = (values[c - 3]! + values[c - 2]! + values[c - 1]! + values[c]! + values[c + 1]! + values[c + 2]! + values[c + 3]!) / 7;
    if (mean > 0) out[c] = values[c]! / mean;
  }
}

/** Buffers a baseline works in, kept between series so a scan over many series allocates once. */
export class BaselineWorkspace {
  private buffers?: { ratio: Float64Array; ds: Float64Array; scratch: Float64Array; level: SortedWindow; weekdayRatios: SortedWindow[] };
  private shape = '';

  fit(length: number, options: AnomalyOptions) {
    const shape = `${options.levelWindowDays}:${options.seasonWindowWeeks}:${options.scaleWindowDays}`;
    if (!this.buffers || this.shape !== shape || this.buffers.ratio.length < length) {
      const grown = this.buffers && this.shape === shape ? 2 * this.buffers.ratio.length : 0;
      const capacity = Math.max(length, grown);
      this.shape = shape;
      this.buffers = {
        ratio: new Float64Array(capacity),
        ds: new Float64Array(capacity),
        scratch: new Float64Array(Math.max(64, options.scaleWindowDays + 1)),
        level: new SortedWindow(Math.max(1, options.levelWindowDays)),
        // a weekday occurs at most seasonWindowWeeks times in the factor window
        weekdayRatios: Array.from({ length: 7 }, () => new SortedWindow(options.seasonWindowWeeks + 1)),
      };
    }
    return this.buffers;
  }
}
