import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { UtilizationSummary } from '../../core/index.js';
import { networkP95Pct, sumByHour } from '../network-capacity.js';
import { summarizeHourly } from '../utilization-summary.js';
import type { TimeWindow } from '../provider.js';
import { GcpOperationError, gcpErrorText } from './errors.js';

const seconds = (iso: string) => ({ seconds: Math.floor(Date.parse(iso) / 1000) });

type Aligner = 'ALIGN_MEAN' | 'ALIGN_RATE';

/**
 * Hourly points of one Compute Engine metric for one instance (Cloud Monitoring listTimeSeries):
 * ALIGN_MEAN for gauges, ALIGN_RATE (per second) for byte counters. Every series is returned
 * (network counters have one per `loadbalanced` label value); callers add them up by hour.
 */
async function hourly(
  metrics: MetricServiceClient,
  project: string,
  numericId: string,
  metricType: string,
  window: TimeWindow,
  resourceId: string,
  aligner: Aligner,
): Promise<{ at: number; value: number }[][]> {
  try {
    const [series] = await metrics.listTimeSeries({
      name: `projects/${project}`,
      filter: `metric.type = "${metricType}" AND resource.type = "gce_instance" AND resource.labels.instance_id = "${numericId}"`,
      interval: { startTime: seconds(window.from), endTime: seconds(window.to) },
      aggregation: { alignmentPeriod: { seconds: 3600 }, perSeriesAligner: aligner },
      view: 'FULL',
    });
    return series.map((s) =>
      (s.points ?? []).map((p) => ({
        at: Number(p.interval?.endTime?.seconds ?? 0),
        value: Number(p.value?.doubleValue ?? p.value?.int64Value ?? 0),
      })),
    );
  } catch (error) {
    throw new GcpOperationError('timeSeries.list', resourceId, gcpErrorText(error), { cause: error });
  }
}

/**
 * CPU from compute.googleapis.com/instance/cpu/utilization (a 0–1 fraction, reported ×100 here);
 * memory from the Ops Agent's agent.googleapis.com/memory/percent_used when installed; network as
 * instance/network/received_bytes_count + sent_bytes_count (bytes/s per hour) against the
 * machine type's bandwidth (see network-bandwidth.ts).
 */
export async function instanceUtilization(
  metrics: MetricServiceClient,
  project: string,
  numericId: string,
  window: TimeWindow,
  resourceId: string,
  bandwidthBitsPerSecond?: number,
): Promise<UtilizationSummary> {
  const read = (type: string, aligner: Aligner) => hourly(metrics, project, numericId, type, window, resourceId, aligner);
  const cpu = (await read('compute.googleapis.com/instance/cpu/utilization', 'ALIGN_MEAN')).flat().map((p) => p.value * 100);
  const memory = (await read('agent.googleapis.com/memory/percent_used', 'ALIGN_MEAN')).flat().map((p) => p.value);
  const received = await read('compute.googleapis.com/instance/network/received_bytes_count', 'ALIGN_RATE');
  const sent = await read('compute.googleapis.com/instance/network/sent_bytes_count', 'ALIGN_RATE');
  const bitsPerSecond = sumByHour(...received, ...sent).map((bytesPerSecond) => bytesPerSecond * 8);
  const network = networkP95Pct(bitsPerSecond, bandwidthBitsPerSecond);
  return summarizeHourly(resourceId, window, { cpu, memory, ...(network === undefined ? {} : { networkP95Pct: network }) });
}
