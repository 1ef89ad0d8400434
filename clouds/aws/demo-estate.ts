import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';

/** The demo's VMs: over-provisioned for 48 h at 2 % CPU, one per outcome the demo shows. */
const DEMO_VMS = [
  { name: 'web-staging', tags: { env: 'staging', team: 'web', owner: 'web-team@example.com' } },
  { name: 'batch-dev', tags: { env: 'dev', team: 'data', owner: 'data-team@example.com' } },
  { name: 'api-prod', tags: { env: 'prod', team: 'api', owner: 'api-team@example.com' } },
  { name: 'legacy-excluded', tags: { env: 'dev', team: 'web', owner: 'web-team@example.com', 'tollgate:exclude': 'true' } },
] as const;

/**
 * Seeds a moto server (never a real account: it refuses any endpoint but loopback) with the demo
 * estate, so `tollgate demo --cloud aws` runs the loop through the real EC2 and CloudWatch clients.
 */
export async function seedMotoDemoEstate(endpoint: string, region: string, now: Date): Promise<Record<string, string>> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`the demo estate is seeded into a local moto server only, not ${endpoint}`);
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const ec2 = new EC2Client({ region, endpoint, credentials });
  const cloudwatch = new CloudWatchClient({ region, endpoint, credentials });
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]?.ImageId;
  if (!image) throw new Error(`moto at ${endpoint} lists no images`);
  const end = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const ids: Record<string, string> = {};
  for (const vm of DEMO_VMS) {
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: image,
        InstanceType: 'm5.2xlarge',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries({ Name: vm.name, ...vm.tags }).map(([Key, Value]) => ({ Key, Value })) }],
      }),
    );
    const id = out.Instances?.[0]?.InstanceId ?? '';
    ids[vm.name] = id;
    const dims = [{ Name: 'InstanceId', Value: id }];
    for (let batch = 0; batch < 48; batch += 16) {
      const hours = Array.from({ length: 16 }, (_, i) => batch + i);
      const at = (h: number) => new Date(end - (48 - h) * 3_600_000 + 60_000);
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/EC2',
          MetricData: hours.flatMap((h) => [
            { MetricName: 'CPUUtilization', Dimensions: dims, Timestamp: at(h), Value: 2, Unit: 'Percent' as const },
            { MetricName: 'NetworkIn', Dimensions: dims, Timestamp: at(h), Value: 1_000_000, Unit: 'Bytes' as const },
            { MetricName: 'NetworkOut', Dimensions: dims, Timestamp: at(h), Value: 1_000_000, Unit: 'Bytes' as const },
          ]),
        }),
      );
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'CWAgent',
          MetricData: hours.map((h) => ({ MetricName: 'mem_used_percent', Dimensions: dims, Timestamp: at(h), Value: 20, Unit: 'Percent' as const })),
        }),
      );
    }
  }
  ec2.destroy();
  cloudwatch.destroy();
  return ids;
}
