/** Median of a[from..to) without touching `a`; `scratch` avoids an allocation per call on hot paths. */
export function medianOf(a: ArrayLike<number>, from: number, to: number, scratch: Float64Array = new Float64Array(to - from)): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  for (let i = 0; i < n; i++) scratch[i] = a[from + i]!;
  return medianInPlace(scratch, n);
}

/**
 * Median of the first n values of `buf`, reordering them: insertion sort for the few values of a
 * weekday, selection (Hoare's quickselect) for the few dozen of a scale window, a sort beyond.
 * The median of a multiset does not depend on how it was found: every path gives the same number.
 */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n > 64) {
    const sorted = buf.subarray(0, n).sort(); // typed arrays sort numerically
    const half = n >> 1;
    return n % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  }
  const mid = n >> 1;
  if (n > 12) {
    const upper = select(buf, n, mid);
    if (n % 2 === 1) return upper;
    // After selecting mid, everything left of it is ≤ it: the lower middle is their maximum.
    let lower = buf[0]!;
    for (let i = 1; i < mid; i++) if (buf[i]! > lower) lower = buf[i]!;
    return (lower + upper) / 2;
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
  return n % 2 === 1 ? buf[mid]! : (buf[mid - 1]! + buf[mid]!) / 2;
}

/** The k-th smallest of buf[0..n), leaving smaller values left of k and larger right (NaN-free input). */
function select(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three as the pivot: sorted or constant windows stay linear.
    const m = (lo + hi) >> 1;
    if (buf[m]! < buf[lo]!) swap(buf, m, lo);
    if (buf[hi]! < buf[lo]!) swap(buf, hi, lo);
    if (buf[hi]! < buf[m]!) swap(buf, hi, m);
    const pivot = buf[m]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        swap(buf, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return buf[k]!;
  }
  return buf[k]!;
}

function swap(buf: Float64Array, a: number, b: number): void {
  const t = buf[a]!;
  buf[a] = buf[b]!;
  buf[b] = t;
}

/** 1.4826 × MAD estimates a normal standard deviation while ignoring outliers. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Median of a[from..from+7) without writing anywhere: thirteen compare-exchanges on locals
 * (Devillard's median-of-7 network), cheaper than copying and sorting for the weekly medians
 * read at every refit and every day. Any correct selection gives the same number.
 */
export function medianOf7(a: ArrayLike<number>, from: number): number {
  let p0 = a[from]!;
  let p1 = a[from + 1]!;
  let p2 = a[from + 2]!;
  let p3 = a[from + 3]!;
  let p4 = a[from + 4]!;
  let p5 = a[from + 5]!;
  let p6 = a[from + 6]!;
  let t: number;
  if (p0 > p5) {
    t = p0;
    p0 = p5;
    p5 = t;
  }
  if (p0 > p3) {
    t = p0;
    p0 = p3;
    p3 = t;
  }
  if (p1 > p6) {
    t = p1;
    p1 = p6;
    p6 = t;
  }
  if (p2 > p4) {
    t = p2;
    p2 = p4;
    p4 = t;
  }
  if (p0 > p1) p1 = p0;
  if (p3 > p5) {
    t = p3;
    p3 = p5;
    p5 = t;
  }
  if (p2 > p6) {
    t = p2;
    p2 = p6;
    p6 = t;
  }
  if (p2 > p3) {
    t = p2;
    p2 = p3;
    p3 = t;
  }
  if (p3 > p6) p3 = p6;
  if (p4 > p5) p4 = p5;
  if (p1 > p4) {
    t = p1;
    p1 = p4;
    p4 = t;
  }
  if (p1 > p3) p3 = p1;
  return p3 > p4 ? p4 : p3;
}
