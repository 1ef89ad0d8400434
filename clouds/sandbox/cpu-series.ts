import { seededRandom } from '../../core/index.js';
import type { CpuProfile } from './estate.js';

/**
 * Hourly CPU % for hours [0, count), hour 0 being the oldest. The same profile always
 * yields the same series, so sample estates behave identically everywhere.
 */
export function cpuSeries(profile: CpuProfile, count: number): number[] {
  const random = seededRandom(profile.seed);
  const out: number[] = [];
  for (let h = 0; h < count; h++) {
    const wave = profile.dailyAmplitudePct * Math.sin((2 * Math.PI * (h % 24)) / 24);
    const noise = (random() * 2 - 1) * profile.noisePct;
    const burst = profile.burstEveryHours && h % profile.burstEveryHours === 0 ? profile.burstPct : 0;
    out.push(clamp(profile.basePct + wave + noise + burst));
  }
  return out;
}

export function clamp(pct: number): number {
  return Math.min(100, Math.max(0, pct));
}
