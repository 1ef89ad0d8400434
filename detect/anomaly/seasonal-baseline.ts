import { sameDayPreviousMonth, weekdayOfDay } from './calendar.js';
import type { AnomalyOptions } from './options.js';
import { MAD_TO_SIGMA, medianInPlace } from './robust-stats.js';

/** What a day was expected to cost and how wide the normal band around it is. */
export interface DayBaseline {
  expected: number;
  halfWidth: number;
  /** Deseasonalized level the expectation was built on. */
  level: number;
  weekdayFactor: number;
}

/**
 * A causal, robust baseline for one dense daily series: only days before `t` are read.
 * expected = weekday factor × median deseasonalized level (+ last month's same-day excess
 * when it recurs, e.g. month-start fees); the band is a multiple of a MAD-based relative scale.
 */
export class SeasonalBaseline {
  private readonly weeklyMean: Float64Array;
  private readonly scratch = new Float64Array(64);
  private readonly factors = new Float64Array(7);

  constructor(
    private readonly values: ArrayLike<number>,
    /** Day number (days since epoch) of index 0. */
    private readonly firstDay: number,
    private readonly options: AnomalyOptions,
  ) {
    this.weeklyMean = centeredWeeklyMean(values);
  }

  /** Baseline for index t from history [max(start, …), t). `start` bounds the regime after a level shift. */
  at(t: number, start: number): DayBaseline {
    const { values, options } = this;
    const factors = this.weekdayFactors(t, start);
    const levelFrom = Math.max(start, t - options.levelWindowDays);
    let n = 0;
    for (let i = levelFrom; i < t; i++) this.scratch[n++] = values[i]! / factors[this.weekday(i)]!;
    const level = n > 0 ? medianInPlace(this.scratch, n) : 0;
    const relScale = Math.max(options.minRelativeScale, this.relativeScale(t, start, factors));
    const weekdayFactor = factors[this.weekday(t)]!;
    const seasonal = weekdayFactor * level;
    const recurring = this.recurringMonthlyExcess(t, start, factors, relScale);
    // The level is itself a median of n noisy days: widen the band by its standard error (π/2n for a median).
    const predictionSpread = Math.sqrt(1 + Math.PI / (2 * Math.max(1, n)));
    return { expected: seasonal + recurring, halfWidth: options.bandSigmas * relScale * predictionSpread * seasonal, level, weekdayFactor };
  }

  private weekday(i: number): number {
    return weekdayOfDay(this.firstDay + i);
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
    const prevDay = sameDayPreviousMonth(this.firstDay + t);
    if (prevDay === undefined) return 0;
    const p = prevDay - this.firstDay;
    if (p < start || p + 7 >= t) return 0;
    let n = 0;
    for (let i = Math.max(start, p - 7); i <= p + 7; i++) if (i !== p) this.scratch[n++] = this.values[i]! / factors[this.weekday(i)]!;
    if (n < 5) return 0;
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
