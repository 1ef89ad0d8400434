import type { MonitorClient } from '@azure/arm-monitor';
import type { UtilizationSummary } from '../../core/index.js';
import { summarizeHourly } from '../utilization-summary.js';
import type { TimeWindow } from '../provider.js';
import { armCall } from './azure-context.js';

async function hourlyAverages(monitor: MonitorClient, resourceId: string, metric: string, window: TimeWindow): Promise<number[]> {
  const response = await armCall('metrics.list', resourceId, () =>
    monitor.metrics.list(resourceId, { timespan: `${window.from}/${window.to}`, interval: 'PT1H', metricnames: metric, aggregation: 'Average' }),
  );
  const series = response.value.find((m) => m.name.value === metric)?.timeseries ?? [];
  return series.flatMap((s) => s.data ?? []).flatMap((point) => (point.average === undefined ? [] : [point.average]));
}

/**
 * Percentage CPU (host metric) over hourly averages; memory from the host's Available Memory
 * Bytes against the size's memory when the catalog knows it. Azure publishes no per-size network
 * bandwidth in these APIs, so network utilization is left out rather than guessed.
 */
export async function vmUtilization(
  monitor: MonitorClient,
  resourceId: string,
  window: TimeWindow,
  memoryGiB: number | undefined,
): Promise<UtilizationSummary> {
  const cpu = await hourlyAverages(monitor, resourceId, 'Percentage CPU', window);
  const available = memoryGiB ? await hourlyAverages(monitor, resourceId, 'Available Memory Bytes', window) : [];
  const usedPct = memoryGiB ? available.map((bytes) => Math.max(0, 100 - (bytes / (memoryGiB * 1024 ** 3)) * 100)) : [];
  return summarizeHourly(resourceId, window, { cpu, memory: usedPct });
}
