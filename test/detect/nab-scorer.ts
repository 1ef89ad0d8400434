/**
 * NAB's scoring as published (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection
 * Algorithms – the Numenta Anomaly Benchmark"): labelled anomaly windows; the first detection
 * inside a window earns a scaled sigmoid of its position (early is worth more); detections
 * outside windows cost A_FP weighted by how far past the last window they are; missed windows
 * cost A_FN; the first 15% of each file (at most 750 points) is probation and not scored.
 * Normalized over a corpus so the null detector scores 0 and a perfect one 100.
 */
export interface CostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

export const STANDARD_PROFILE: CostMatrix = { tpWeight: 1, fnWeight: 1, fpWeight: 0.11 };

export interface FileScore {
  score: number;
  windows: number;
  truePositives: number;
  falsePositives: number;
}

/** 2·sigmoid(−5x) − 1, and −1 for detections more than three window-widths late. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationPoints(length: number, share = 0.15): number {
  return Math.min(Math.floor(share * length), Math.floor(share * 5000));
}

/** Scores one file: `timestamps` in order, `detected` the indices reported, `windows` as [start, end] times (inclusive). */
export function scoreFile(
  timestamps: readonly number[],
  detected: ReadonlySet<number>,
  windows: readonly [number, number][],
  cost: CostMatrix = STANDARD_PROFILE,
): FileScore {
  const probation = probationPoints(timestamps.length);
  const windowIndex = windows.map(([start, end]) => {
    let first = -1;
    let last = -1;
    timestamps.forEach((ts, i) => {
      if (ts >= start && ts <= end) {
        if (first < 0) first = i;
        last = i;
      }
    });
    return { first, last, width: last - first + 1 };
  });
  const bestInWindow = windowIndex.map(() => Number.NEGATIVE_INFINITY);
  let fpTotal = 0;
  let falsePositives = 0;
  for (let i = 0; i < timestamps.length; i++) {
    if (!detected.has(i) || i < probation) continue;
    const inside = windowIndex.findIndex((w) => i >= w.first && i <= w.last);
    if (inside >= 0) {
      const w = windowIndex[inside]!;
      const position = -(w.last - i + 1) / w.width;
      bestInWindow[inside] = Math.max(bestInWindow[inside]!, scaledSigmoid(position) * cost.tpWeight);
      continue;
    }
    const previous = windowIndex.filter((w) => w.last >= 0 && w.last < i).at(-1);
    const unweighted = previous ? scaledSigmoid(Math.abs(previous.last - i) / (previous.width - 1)) : -1;
    fpTotal += unweighted * cost.fpWeight;
    falsePositives++;
  }
  let score = fpTotal;
  let truePositives = 0;
  for (const best of bestInWindow) {
    if (best === Number.NEGATIVE_INFINITY) score -= cost.fnWeight;
    else {
      score += best;
      truePositives++;
    }
  }
  return { score, windows: windows.length, truePositives, falsePositives };
}

/** 100 · (score − null) / (perfect − null), with null = −A_FN per window and perfect = A_TP per window. */
export function normalizedScore(files: readonly FileScore[], cost: CostMatrix = STANDARD_PROFILE): number {
  const windows = files.reduce((n, f) => n + f.windows, 0);
  const raw = files.reduce((s, f) => s + f.score, 0);
  const nullScore = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}
