import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceTypesCommand, type EC2Client, type _InstanceType } from '@aws-sdk/client-ec2';
import { percentile, type UtilizationSummary } from '../../core/index.js';
import { summarizeHourly } from '../utilization-summary.js';
import type { TimeWindow } from '../provider.js';

/** Hourly points: the granularity the rightsizing rules reason in (AWS Compute Optimizer does the same). */
const PERIOD_SECONDS = 3600;

function query(id: string, namespace: string, metricName: string, stat: string, instanceId: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: [{ Name: 'InstanceId', Value: instanceId }] },
      Period: PERIOD_SECONDS,
      Stat: stat,
    },
    ReturnData: true,
  };
}

/** Hour timestamp → value for each query id, over every page of GetMetricData. */
async function metricSeries(cloudwatch: CloudWatchClient, queries: MetricDataQuery[], window: TimeWindow): Promise<Map<string, Map<number, number>>> {
  const series = new Map<string, Map<number, number>>(queries.map((q) => [q.Id!, new Map()]));
  let nextToken: string | undefined;
  do {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(window.from),
        EndTime: new Date(window.to),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
    );
    for (const result of out.MetricDataResults ?? []) {
      const points = series.get(result.Id ?? '');
      (result.Timestamps ?? []).forEach((t, i) => points?.set(t.getTime(), result.Values?.[i] ?? 0));
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return series;
}

/** The instance type's baseline network bandwidth in bits per second, when EC2 publishes it. */
async function baselineBitsPerSecond(ec2: EC2Client, instanceType: string): Promise<number | undefined> {
  const out = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [instanceType as _InstanceType] }));
  const cards = out.InstanceTypes?.[0]?.NetworkInfo?.NetworkCards ?? [];
  const gbps = cards.reduce((sum, card) => sum + (card.BaselineBandwidthInGbps ?? 0), 0);
  return gbps > 0 ? gbps * 1e9 : undefined;
}

/**
 * CPU percentiles over hourly averages of CPUUtilization; network P95 as (NetworkIn + NetworkOut)
 * per hour against the type's baseline bandwidth; memory from the CloudWatch agent's
 * mem_used_percent when the agent publishes it (EC2 itself cannot see memory).
 */
export async function instanceUtilization(
  clients: { ec2: EC2Client; cloudwatch: CloudWatchClient },
  instanceId: string,
  instanceType: string,
  window: TimeWindow,
): Promise<UtilizationSummary> {
  const series = await metricSeries(
    clients.cloudwatch,
    [
      query('cpu', 'AWS/EC2', 'CPUUtilization', 'Average', instanceId),
      query('netIn', 'AWS/EC2', 'NetworkIn', 'Sum', instanceId),
      query('netOut', 'AWS/EC2', 'NetworkOut', 'Sum', instanceId),
      query('mem', 'CWAgent', 'mem_used_percent', 'Average', instanceId),
    ],
    window,
  );
  const cpu = [...series.get('cpu')!.values()];
  const memory = [...series.get('mem')!.values()];
  const netIn = series.get('netIn')!;
  const netOut = series.get('netOut')!;
  const hours = new Set([...netIn.keys(), ...netOut.keys()]);
  const bitsPerSecond = [...hours].map((h) => (((netIn.get(h) ?? 0) + (netOut.get(h) ?? 0)) * 8) / PERIOD_SECONDS);
  const capacity = bitsPerSecond.length > 0 ? await baselineBitsPerSecond(clients.ec2, instanceType) : undefined;
  const networkP95Pct = capacity ? (percentile(bitsPerSecond, 95) / capacity) * 100 : undefined;
  return summarizeHourly(instanceId, window, { cpu, memory, ...(networkP95Pct === undefined ? {} : { networkP95Pct }) });
}
