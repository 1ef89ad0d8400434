/** Median of a[from..to) without touching `a`; `scratch` avoids an allocation per call on hot paths. */
export function medianOf(a: ArrayLike<number>, from: number, to: number, scratch: Float64Array = new Float64Array(to - from)): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  for (let i = 0; i < n; i++) scratch[i] = a[from + i]!;
  return medianInPlace(scratch, n);
}

/** Median of the first n values of `buf`, reordering them (insertion sort for the short windows of daily series). */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n > 64) {
    const sorted = buf.subarray(0, n).sort(); // typed arrays sort numerically
    const half = n >> 1;
    return n % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  }
  for (let i = 1; i < n; i++) {
    const v = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > v) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = v;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? buf[mid]! : (buf[mid - 1]! + buf[mid]!) / 2;
}

/** 1.4826 × MAD estimates a normal standard deviation while ignoring outliers. */
export const MAD_TO_SIGMA = 1.4826;
