import { MAD_TO_SIGMA, medianOf } from '../anomaly/robust-stats.js';

export interface MetricPoint {
  timestamp: string;
  value: number;
}

export interface MetricAnomaly {
  timestamp: string;
  /** 0..1: how unlikely the recent behaviour is given the trailing history. */
  score: number;
}

/**
 * One setting for every metric series (NAB rules: no per-series tuning). Counts are in
 * points, so they scale with the series' sampling step; the NAB corpus is 5-minute data.
 */
export interface MetricDetectorOptions {
  /** Trailing points the robust center and scale come from. */
  historyPoints: number;
  /** Points averaged into the short-term surprise (catches level shifts, not only spikes). */
  shortPoints: number;
  /** Trailing points of surprise history the current surprise is compared with. */
  surpriseHistoryPoints: number;
  /** Score at or above which a point is reported. */
  threshold: number;
  /** After a report, points during which nothing more is reported: one event, one alert. */
  suppressPoints: number;
  /** Points before the first report (the detector is still learning). */
  warmupPoints: number;
}

export const DEFAULT_METRIC_OPTIONS: MetricDetectorOptions = {
  historyPoints: 576,
  shortPoints: 12,
  surpriseHistoryPoints: 2000,
  threshold: 0.9995,
  suppressPoints: 100,
  warmupPoints: 300,
};

/**
 * Streaming detector: each point's robust z-score against the trailing median/MAD, averaged
 * over a few points, then turned into a likelihood against the distribution of past
 * averaged z-scores (a Gaussian tail, as Numenta's anomaly likelihood does). Causal: the
 * score at t reads nothing after t.
 */
export function scoreMetricSeries(points: readonly MetricPoint[], options: MetricDetectorOptions = DEFAULT_METRIC_OPTIONS): Float64Array {
  const n = points.length;
  const values = Float64Array.from(points, (p) => p.value);
  const raw = new Float64Array(n);
  const averaged = new Float64Array(n);
  const scores = new Float64Array(n);
  const scratch = new Float64Array(options.historyPoints);
  let runningMin = Infinity;
  let runningMax = -Infinity;
  for (let t = 0; t < n; t++) {
    const from = Math.max(0, t - options.historyPoints);
    if (t - from >= 10) {
      const center = medianOf(values, from, t, scratch);
      for (let i = from; i < t; i++) scratch[i - from] = Math.abs(values[i]! - center);
      const mad = medianOf(scratch, 0, t - from, scratch);
      // A flat history has MAD 0: fall back to a sliver of the range seen so far.
      const scale = Math.max(MAD_TO_SIGMA * mad, 1e-3 * (runningMax - runningMin), 1e-9);
      raw[t] = Math.min(50, Math.abs(values[t]! - center) / scale);
    }
    runningMin = Math.min(runningMin, values[t]!);
    runningMax = Math.max(runningMax, values[t]!);
    let sum = 0;
    const shortFrom = Math.max(0, t - options.shortPoints + 1);
    for (let i = shortFrom; i <= t; i++) sum += raw[i]!;
    averaged[t] = sum / (t - shortFrom + 1);
    scores[t] = tailLikelihood(averaged, t, options.surpriseHistoryPoints);
  }
  return scores;
}

/** 1 − Gaussian tail of averaged[t] against the mean and deviation of the trailing window of averaged surprise. */
function tailLikelihood(averaged: Float64Array, t: number, window: number): number {
  const from = Math.max(0, t - window);
  const count = t - from;
  if (count < 50) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = from; i < t; i++) {
    sum += averaged[i]!;
    sumSq += averaged[i]! * averaged[i]!;
  }
  const mean = sum / count;
  const std = Math.max(Math.sqrt(Math.max(0, sumSq / count - mean * mean)), 0.05);
  const z = (averaged[t]! - mean) / std;
  return 1 - 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Reported anomalies: scores at or above the threshold, one per suppression span, none during warm-up. */
export function detectMetricAnomalies(points: readonly MetricPoint[], options: MetricDetectorOptions = DEFAULT_METRIC_OPTIONS): MetricAnomaly[] {
  const scores = scoreMetricSeries(points, options);
  const out: MetricAnomaly[] = [];
  let quietUntil = options.warmupPoints;
  for (let t = 0; t < points.length; t++) {
    if (t < quietUntil || scores[t]! < options.threshold) continue;
    out.push({ timestamp: points[t]!.timestamp, score: Math.round(scores[t]! * 1e6) / 1e6 });
    quietUntil = t + options.suppressPoints;
  }
  return out;
}
