import { percentile } from '../core/index.js';

/**
 * Network P95 as a percentage of the VM's bandwidth, from hourly bits per second (in + out).
 * No samples or no known capacity → undefined: the idle rule then does not fire (we cannot tell).
 */
export function networkP95Pct(bitsPerSecondByHour: readonly number[], capacityBitsPerSecond: number | undefined): number | undefined {
  if (bitsPerSecondByHour.length === 0 || !capacityBitsPerSecond || capacityBitsPerSecond <= 0) return undefined;
  return (percentile(bitsPerSecondByHour, 95) / capacityBitsPerSecond) * 100;
}

/** Adds the values that fall in the same hour: in + out, or several series of one metric. */
export function sumByHour(...series: ReadonlyArray<ReadonlyArray<{ at: number; value: number }>>): number[] {
  const hours = new Map<number, number>();
  for (const points of series) for (const { at, value } of points) hours.set(at, (hours.get(at) ?? 0) + value);
  return [...hours.keys()].sort((a, b) => a - b).map((h) => hours.get(h)!);
}
