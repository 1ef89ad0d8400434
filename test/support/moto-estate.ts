import { PutMetricDataCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, type _InstanceType } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/** Clients for one account of a moto server: the default credentials, or a role assumed in another account. */
export function motoAccount(endpoint: string, region: string, roleArn?: string) {
  const base = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  // moto puts what assumed-role credentials create in the role's account.
  const credentials = roleArn
    ? fromTemporaryCredentials({
        masterCredentials: base,
        params: { RoleArn: roleArn, RoleSessionName: 'tollgate-test-seed' },
        clientConfig: { region, endpoint },
      })
    : base;
  const ec2 = new EC2Client({ region, endpoint, credentials });
  const cloudwatch = new CloudWatchClient({ region, endpoint, credentials });
  return {
    async launch(type: string, name: string, tags: Record<string, string> = {}): Promise<string> {
      const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images![0]!.ImageId!;
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          InstanceType: type as _InstanceType,
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries({ Name: name, env: 'dev', ...tags }).map(([Key, Value]) => ({ Key, Value })) }],
        }),
      );
      return out.Instances![0]!.InstanceId!;
    },
    /** `hours` hourly points ending at `end`: CPU `cpuPct`, memory 20 %, little network. */
    async publishMetrics(instanceId: string, end: Date, hours: number, cpuPct: number): Promise<void> {
      const dims = [{ Name: 'InstanceId', Value: instanceId }];
      for (let batch = 0; batch < hours; batch += 16) {
        const at = (h: number) => new Date(end.getTime() - (hours - h) * 3_600_000 + 60_000);
        const hs = Array.from({ length: Math.min(16, hours - batch) }, (_, i) => batch + i);
        await cloudwatch.send(
          new PutMetricDataCommand({
            Namespace: 'AWS/EC2',
            MetricData: hs.flatMap((h) => [
              { MetricName: 'CPUUtilization', Dimensions: dims, Timestamp: at(h), Value: cpuPct, Unit: 'Percent' as const },
              { MetricName: 'NetworkIn', Dimensions: dims, Timestamp: at(h), Value: 1_000_000, Unit: 'Bytes' as const },
              { MetricName: 'NetworkOut', Dimensions: dims, Timestamp: at(h), Value: 1_000_000, Unit: 'Bytes' as const },
            ]),
          }),
        );
        await cloudwatch.send(
          new PutMetricDataCommand({
            Namespace: 'CWAgent',
            MetricData: hs.map((h) => ({ MetricName: 'mem_used_percent', Dimensions: dims, Timestamp: at(h), Value: 20, Unit: 'Percent' as const })),
          }),
        );
      }
    },
    async typeOf(instanceId: string): Promise<string> {
      const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      return out.Reservations![0]!.Instances![0]!.InstanceType!;
    },
  };
}
