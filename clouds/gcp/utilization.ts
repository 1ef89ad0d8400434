import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { UtilizationSummary } from '../../core/index.js';
import { summarizeHourly } from '../utilization-summary.js';
import type { TimeWindow } from '../provider.js';
import { GcpOperationError, gcpErrorText } from './errors.js';

const seconds = (iso: string) => ({ seconds: Math.floor(Date.parse(iso) / 1000) });

/** Hourly means of one Compute Engine metric for one instance (Cloud Monitoring listTimeSeries, ALIGN_MEAN). */
async function hourlyMeans(
  metrics: MetricServiceClient,
  project: string,
  numericId: string,
  metricType: string,
  window: TimeWindow,
  resourceId: string,
): Promise<number[]> {
  try {
    const [series] = await metrics.listTimeSeries({
      name: `projects/${project}`,
      filter: `metric.type = "${metricType}" AND resource.type = "gce_instance" AND resource.labels.instance_id = "${numericId}"`,
      interval: { startTime: seconds(window.from), endTime: seconds(window.to) },
      aggregation: { alignmentPeriod: { seconds: 3600 }, perSeriesAligner: 'ALIGN_MEAN' },
      view: 'FULL',
    });
    return series.flatMap((s) => s.points ?? []).map((p) => Number(p.value?.doubleValue ?? p.value?.int64Value ?? 0));
  } catch (error) {
    throw new GcpOperationError('timeSeries.list', resourceId, gcpErrorText(error), { cause: error });
  }
}

/**
 * CPU from compute.googleapis.com/instance/cpu/utilization (a 0–1 fraction, reported ×100 here);
 * memory from the Ops Agent's agent.googleapis.com/memory/percent_used when installed. GCE does
 * not publish a per-type bandwidth baseline to these APIs, so network is left out.
 */
export async function instanceUtilization(
  metrics: MetricServiceClient,
  project: string,
  numericId: string,
  window: TimeWindow,
  resourceId: string,
): Promise<UtilizationSummary> {
  const cpu = (await hourlyMeans(metrics, project, numericId, 'compute.googleapis.com/instance/cpu/utilization', window, resourceId)).map((f) => f * 100);
  const memory = await hourlyMeans(metrics, project, numericId, 'agent.googleapis.com/memory/percent_used', window, resourceId);
  return summarizeHourly(resourceId, window, { cpu, memory });
}
