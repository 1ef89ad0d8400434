import type { MonitorClient } from '@azure/arm-monitor';
import type { UtilizationSummary } from '../../core/index.js';
import { networkP95Pct, sumByHour } from '../network-capacity.js';
import { summarizeHourly } from '../utilization-summary.js';
import type { TimeWindow } from '../provider.js';
import { armCall } from './azure-context.js';

type Aggregation = 'average' | 'total';

/** Hourly points of one host metric: Average for gauges (CPU, memory), Total for counters (network bytes). */
async function hourly(monitor: MonitorClient, resourceId: string, metric: string, window: TimeWindow, aggregation: Aggregation) {
  const response = await armCall('metrics.list', resourceId, () =>
    monitor.metrics.list(resourceId, {
      timespan: `${window.from}/${window.to}`,
      interval: 'PT1H',
      metricnames: metric,
      aggregation: aggregation === 'average' ? 'Average' : 'Total',
    }),
  );
  const series = response.value.find((m) => m.name.value === metric)?.timeseries ?? [];
  return series
    .flatMap((s) => s.data ?? [])
    .flatMap((point) => (point[aggregation] === undefined ? [] : [{ at: point.timeStamp.getTime(), value: point[aggregation] }]));
}

/**
 * Percentage CPU (host metric) over hourly averages; memory from the host's Available Memory
 * Bytes against the size's memory when the catalog knows it; network as Network In Total +
 * Network Out Total per hour (bytes) against the size's bandwidth (see network-bandwidth.ts).
 */
export async function vmUtilization(
  monitor: MonitorClient,
  resourceId: string,
  window: TimeWindow,
  size: { memoryGiB?: number | undefined; bandwidthBitsPerSecond?: number | undefined },
): Promise<UtilizationSummary> {
  const cpu = (await hourly(monitor, resourceId, 'Percentage CPU', window, 'average')).map((p) => p.value);
  const { memoryGiB, bandwidthBitsPerSecond } = size;
  const available = memoryGiB ? await hourly(monitor, resourceId, 'Available Memory Bytes', window, 'average') : [];
  const usedPct = memoryGiB ? available.map((p) => Math.max(0, 100 - (p.value / (memoryGiB * 1024 ** 3)) * 100)) : [];
  const netIn = await hourly(monitor, resourceId, 'Network In Total', window, 'total');
  const netOut = await hourly(monitor, resourceId, 'Network Out Total', window, 'total');
  const bitsPerSecond = sumByHour(netIn, netOut).map((bytes) => (bytes * 8) / 3600);
  const network = networkP95Pct(bitsPerSecond, bandwidthBitsPerSecond);
  return summarizeHourly(resourceId, window, { cpu, memory: usedPct, ...(network === undefined ? {} : { networkP95Pct: network }) });
}
