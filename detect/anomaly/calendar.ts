const DAY_MS = 86_400_000;

/** Days since the epoch for a `YYYY-MM-DD` date, in UTC (billing days are UTC days in FOCUS). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day number of the same day-of-month one month earlier, or undefined when that month has no such day. */
export function sameDayPreviousMonth(day: number): number | undefined {
  // Cached: the detector asks this for every day of every series.
  if (previousMonthCache.has(day)) return previousMonthCache.get(day);
  const result = computeSameDayPreviousMonth(day);
  previousMonthCache.set(day, result);
  return result;
}

const previousMonthCache = new Map<number, number | undefined>();

function computeSameDayPreviousMonth(day: number): number | undefined {
  const d = new Date(day * DAY_MS);
  const dom = d.getUTCDate();
  const prev = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, dom));
  if (prev.getUTCDate() !== dom) return undefined;
  return Math.floor(prev.getTime() / DAY_MS);
}

const previousMonthIndexCache = new Map<string, Int32Array>();

/**
 * For each index i of a series starting on `firstDay`, the index of the same day-of-month one
 * month earlier, or −1 (before the series, or no such day). Shared by every series of a run.
 */
export function previousMonthIndices(firstDay: number, length: number): Int32Array {
  // A run asks for the same range series after series: answer that without building a key.
  if (lastIndices && lastIndices.firstDay === firstDay && lastIndices.length === length) return lastIndices.out;
  const key = `${firstDay}:${length}`;
  let out = previousMonthIndexCache.get(key);
  if (!out) out = computePreviousMonthIndices(firstDay, length, key);
  lastIndices = { firstDay, length, out };
  return out;
}

let lastIndices: { firstDay: number; length: number; out: Int32Array } | undefined;

function computePreviousMonthIndices(firstDay: number, length: number, key: string): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const prev = sameDayPreviousMonth(firstDay + i);
    out[i] = prev === undefined || prev < firstDay ? -1 : prev - firstDay;
  }
  if (previousMonthIndexCache.size > 64) previousMonthIndexCache.clear();
  previousMonthIndexCache.set(key, out);
  return out;
}
