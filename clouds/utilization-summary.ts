import { percentile, type UtilizationSummary } from '../core/index.js';
import type { TimeWindow } from './provider.js';

/** Hourly samples as every adapter reads them: CPU %, memory used % (when an agent reports it), network % of capacity. */
export interface HourlySamples {
  cpu: readonly number[];
  memory?: readonly number[];
  networkP95Pct?: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Percentiles over hourly samples; each observed hour is one sample, so hours observed = CPU samples. */
export function summarizeHourly(resourceId: string, window: TimeWindow, samples: HourlySamples, hoursObserved = samples.cpu.length): UtilizationSummary {
  const { cpu, memory = [] } = samples;
  const at = (p: number) => (cpu.length ? round2(percentile(cpu, p)) : 0);
  return {
    resourceId,
    from: window.from,
    to: window.to,
    hoursObserved,
    cpu: { p50: at(50), p95: at(95), p99: at(99), p995: at(99.5), max: cpu.length ? round2(Math.max(...cpu)) : 0 },
    ...(memory.length ? { memory: { p95: round2(percentile(memory, 95)), p99: round2(percentile(memory, 99)) } } : {}),
    ...(samples.networkP95Pct === undefined ? {} : { networkP95Pct: round2(samples.networkP95Pct) }),
  };
}
