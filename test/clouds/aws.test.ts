import { PutMetricDataCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  AllocateAddressCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCloud, MARKER_PREFIX } from '../../clouds/aws/index.js';
import { TicketRejected, type Action, type ExecutionTicket } from '../../core/index.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { enrollTagged, nightsPolicy, offHoursWorker } from '../support/off-hours-enrollment.js';

const region = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const windowEnd = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const window = { from: new Date(windowEnd.getTime() - 48 * 3_600_000).toISOString(), to: windowEnd.toISOString() };

let moto: MotoServer;
let proxy: CountingProxy;
let ec2: EC2Client;
let cloud: AwsCloud;

let imageId: string | undefined;

async function launch(type: string, name: string): Promise<string> {
  imageId ??= (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images![0]!.ImageId!;
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: imageId,
      InstanceType: type as 'm5.large',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: name },
            { Key: 'env', Value: 'dev' },
          ],
        },
      ],
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

/** Hour i of 48 has CPU i+1 % (so P95 = 46, max = 48), 16.875 GB in and out (75 Mbit/s), memory 40 %. */
async function publishMetrics(instanceId: string): Promise<void> {
  const cloudwatch = new CloudWatchClient({ region, endpoint: moto.endpoint, credentials });
  const dims = [{ Name: 'InstanceId', Value: instanceId }];
  for (let batch = 0; batch < 48; batch += 16) {
    const hours = Array.from({ length: 16 }, (_, i) => batch + i);
    const at = (h: number) => new Date(Date.parse(window.from) + h * 3_600_000 + 60_000);
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/EC2',
        MetricData: hours.flatMap((h) => [
          { MetricName: 'CPUUtilization', Dimensions: dims, Timestamp: at(h), Value: h + 1, Unit: 'Percent' as const },
          { MetricName: 'NetworkIn', Dimensions: dims, Timestamp: at(h), Value: 16_875_000_000, Unit: 'Bytes' as const },
          { MetricName: 'NetworkOut', Dimensions: dims, Timestamp: at(h), Value: 16_875_000_000, Unit: 'Bytes' as const },
        ]),
      }),
    );
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'CWAgent',
        MetricData: hours.map((h) => ({ MetricName: 'mem_used_percent', Dimensions: dims, Timestamp: at(h), Value: 40, Unit: 'Percent' as const })),
      }),
    );
  }
}

function resize(id: string, fromSku: string, toSku: string): Action {
  return { type: 'resize', provider: 'aws', resourceId: id, region, fromSku, toSku };
}

beforeAll(async () => {
  moto = await startMotoServer();
  proxy = await startCountingProxy(moto.endpoint);
  ec2 = new EC2Client({ region, endpoint: moto.endpoint, credentials });
  cloud = new AwsCloud({ region, endpoint: proxy.endpoint, credentials, account: '123456789012', waiterMinDelaySeconds: 1, waiterMaxSeconds: 30 });
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('AWS adapter against moto over HTTP', () => {
  it('lists instances, volumes and addresses as core Resources', async () => {
    const instanceId = await launch('m5.large', 'web-1');
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 20, VolumeType: 'gp3' }));
    const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const resources = await cloud.listResources();
    expect(resources.find((r) => r.id === instanceId)).toMatchObject({ kind: 'vm', sku: 'm5.large', state: 'running', name: 'web-1', tags: { env: 'dev' } });
    expect(resources.find((r) => r.id === volume.VolumeId)).toMatchObject({ kind: 'volume', sku: 'gp3', state: 'available' });
    expect(resources.find((r) => r.id === address.AllocationId)).toMatchObject({ kind: 'address', sku: 'elastic-ip', state: 'available' });
    await expect(cloud.getResource('i-0000000000deadbee')).rejects.toThrow(/DescribeInstances on i-0000000000deadbee: not found/);
  });

  it('summarizes CloudWatch CPU, network and agent memory into percentiles over the window', async () => {
    const instanceId = await launch('m5.large', 'metrics-1');
    await publishMetrics(instanceId);
    const summary = await cloud.utilization(instanceId, window);
    expect(summary.hoursObserved).toBe(48);
    expect(summary.cpu).toEqual({ p50: 24, p95: 46, p99: 48, p995: 48, max: 48 });
    expect(summary.memory).toEqual({ p95: 40, p99: 40 });
    // 33.75 GB per hour = 75 Mbit/s against m5.large's 0.75 Gbit/s baseline.
    expect(summary.networkP95Pct).toBe(10);
  });

  it('prices the catalog from the EC2 list-price snapshot', async () => {
    const catalog = await cloud.catalog();
    expect(catalog.find((c) => c.sku === 'm5.large')).toMatchObject({ vcpu: 2, memoryGiB: 8, architecture: 'x86_64', hourlyUsd: 0.096, region });
  });

  it('dry-runs a resize without changing anything, then applies it exactly once', async () => {
    const id = await launch('m5.large', 'resize-1');
    const action = resize(id, 'm5.large', 'm5.xlarge');
    const ticket = ticketFor(action);
    const before = proxy.calls.length;
    const plan = await cloud.plan(action, ticket);
    expect(plan.steps).toHaveLength(3);
    const planned = proxy.calls.slice(before);
    expect(planned.filter((c) => ['StopInstances', 'ModifyInstanceAttribute', 'StartInstances'].includes(c.action)).every((c) => c.dryRun)).toBe(true);
    expect(planned.filter((c) => c.dryRun).map((c) => c.action)).toEqual(['StopInstances', 'ModifyInstanceAttribute', 'StartInstances']);
    expect((await cloud.getResource(id)).sku).toBe('m5.large');

    const modifyBefore = proxy.count('ModifyInstanceAttribute');
    const result = await cloud.apply(action, ticket);
    expect(result).toMatchObject({ appliedNow: true, priorSku: 'm5.large', currentSku: 'm5.xlarge', idempotencyKey: ticket.idempotencyKey });
    expect(proxy.count('ModifyInstanceAttribute') - modifyBefore).toBe(1);
    expect(await cloud.getResource(id)).toMatchObject({ sku: 'm5.xlarge', state: 'running' });
    // Every write of the apply was preceded by its dry run.
    const applied = proxy.calls.slice(proxy.calls.findIndex((c, i) => i >= before + planned.length));
    for (const write of applied.filter((c) => !c.dryRun && /^(Stop|Start|Modify|Create)/.test(c.action))) {
      expect(applied.some((c) => c.dryRun && c.action === write.action)).toBe(true);
    }

    // A retry with the same ticket, from this process or a fresh one, changes nothing.
    const writes = proxy.calls.filter((c) => !c.dryRun && /^(Stop|Start|Modify)/.test(c.action)).length;
    const again = await cloud.apply(action, ticket);
    const otherProcess = new AwsCloud({ region, endpoint: proxy.endpoint, credentials });
    const elsewhere = await otherProcess.apply(action, ticket);
    expect(again).toMatchObject({ appliedNow: false, priorSku: 'm5.large', currentSku: 'm5.xlarge' });
    expect(elsewhere.appliedNow).toBe(false);
    expect(proxy.calls.filter((c) => !c.dryRun && /^(Stop|Start|Modify)/.test(c.action)).length).toBe(writes);
    expect(await otherProcess.appliedResult(ticket.idempotencyKey)).toMatchObject({ action, priorSku: 'm5.large', currentSku: 'm5.xlarge', appliedNow: false });
    expect(await otherProcess.appliedResult('tollgate-never-applied')).toBeUndefined();
    // The bookkeeping tag does not leak into the resource's tags.
    expect(Object.keys((await cloud.getResource(id)).tags).some((k) => k.startsWith('tollgate:applied'))).toBe(false);
  });

  it('refuses to plan or apply without a ticket minted by authorize() for exactly this action', async () => {
    const id = await launch('m5.large', 'refuse-1');
    const action = resize(id, 'm5.large', 'm5.xlarge');
    const ticket = ticketFor(action);
    const forged = { ...ticket } as ExecutionTicket;
    const otherAction = ticketFor(resize(id, 'm5.large', 'm5.2xlarge'));
    const callsBefore = proxy.calls.length;
    await expect(cloud.plan(action, undefined as unknown as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, forged)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, otherAction)).rejects.toThrow(/ticket covers action/);
    expect(proxy.calls.length).toBe(callsBefore);
    expect((await cloud.getResource(id)).sku).toBe('m5.large');
  });

  it('aborts with a clear error when the size changed underneath since approval', async () => {
    const id = await launch('m5.large', 'drift-1');
    const action = resize(id, 'm5.large', 'm5.xlarge');
    const ticket = ticketFor(action);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 'm5.2xlarge' } }));
    await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    const modifies = proxy.count('ModifyInstanceAttribute');
    await expect(cloud.plan(action, ticket)).rejects.toThrow(`aws resize on ${id}: the instance is m5.2xlarge, not m5.large`);
    await expect(cloud.apply(action, ticket)).rejects.toThrow(/changed since the proposal was approved/);
    expect(proxy.count('ModifyInstanceAttribute')).toBe(modifies);
    expect((await cloud.getResource(id)).sku).toBe('m5.2xlarge');
  });

  it('finishes a resize that crashed between ModifyInstanceAttribute and StartInstances without modifying again', async () => {
    const id = await launch('m5.large', 'crash-1');
    const action = resize(id, 'm5.large', 'm5.xlarge');
    const ticket = ticketFor(action);
    // What a crashed apply leaves behind: the pending marker, a stopped instance already of the new type.
    const pending = ['pending', 'resize', id, 'm5.large', 'm5.xlarge', 'running', new Date().toISOString()].join('|');
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: `${MARKER_PREFIX}${ticket.idempotencyKey}`, Value: pending }] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 'm5.xlarge' } }));
    const modifies = proxy.count('ModifyInstanceAttribute');
    const result = await cloud.apply(action, ticket);
    expect(result).toMatchObject({ appliedNow: true, priorSku: 'm5.large', currentSku: 'm5.xlarge' });
    expect(proxy.count('ModifyInstanceAttribute')).toBe(modifies);
    expect(await cloud.getResource(id)).toMatchObject({ sku: 'm5.xlarge', state: 'running' });
    expect(await cloud.appliedResult(ticket.idempotencyKey)).toMatchObject({ currentSku: 'm5.xlarge' });
  });

  it('refuses a target type EC2 does not offer', async () => {
    const id = await launch('m5.large', 'bad-target');
    const action = resize(id, 'm5.large', 'm5.notatype');
    await expect(cloud.plan(action, ticketFor(action))).rejects.toThrow(/m5\.notatype is not an instance type offered/);
  });

  it('stops and starts an instance once per ticket', async () => {
    const id = await launch('t3.medium', 'nightly-1');
    const stop: Action = { type: 'stop', provider: 'aws', resourceId: id, region };
    const stopTicket = ticketFor(stop);
    expect((await cloud.plan(stop, stopTicket)).steps).toEqual([`StopInstances ${id} (wait until stopped)`]);
    const stops = proxy.count('StopInstances');
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: true, priorSku: 'running', currentSku: 'stopped' });
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: false });
    expect(proxy.count('StopInstances') - stops).toBe(1);
    expect((await cloud.getResource(id)).state).toBe('stopped');

    const start: Action = { type: 'start', provider: 'aws', resourceId: id, region };
    await expect(cloud.plan(stop, ticketFor(stop, new Date().toISOString(), 'another-run'))).rejects.toThrow(/is stopped, not running/);
    expect(await cloud.apply(start, ticketFor(start))).toMatchObject({ appliedNow: true, currentSku: 'running' });
    expect((await cloud.getResource(id)).state).toBe('running');
  });

  it('an off-hours enrollment, then its stop and start firings, go through the activities to EC2 with a DryRun before each change', async () => {
    const id = await launch('t3.medium', 'devbox-offhours');
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'tollgate:off-hours', Value: 'nights' }] }));
    const policy = nightsPolicy();
    const { activities, audit } = offHoursWorker(cloud, policy);
    try {
      const { finding, enrolled } = await enrollTagged(cloud, policy, activities, id, 'enroll-aws');
      expect(finding.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
      expect(enrolled.status).toBe('applied');
      expect((await cloud.getResource(id)).state).toBe('running');

      const before = proxy.calls.length;
      const stopped = await activities.applyOffHoursChange({ firingId: 'firing-stop', schedule: 'nights', phase: 'stop', resourceId: id });
      expect(stopped).toMatchObject({ status: 'applied', verified: true });
      // The plan's DryRun, the apply's own DryRun, then the one real StopInstances.
      expect(proxy.calls.slice(before).filter((c) => c.action === 'StopInstances')).toEqual([
        { action: 'StopInstances', dryRun: true },
        { action: 'StopInstances', dryRun: true },
        { action: 'StopInstances', dryRun: false },
      ]);
      expect((await cloud.getResource(id)).state).toBe('stopped');

      const startsBefore = proxy.count('StartInstances');
      const started = await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id });
      expect(started).toMatchObject({ status: 'applied', verified: true });
      expect(proxy.count('StartInstances') - startsBefore).toBe(1);
      expect((await cloud.getResource(id)).state).toBe('running');
      // The same firing retried (a crashed activity) finishes from EC2's idempotency marker: nothing is started twice.
      expect(await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id })).toMatchObject({
        status: 'applied',
      });
      expect(proxy.count('StartInstances') - startsBefore).toBe(1);
    } finally {
      await audit.close();
    }
  });

  it('keeps only the newest five idempotency markers on a resource', async () => {
    const id = await launch('t3.small', 'toggled-1');
    const keys: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const action: Action = { type: i % 2 === 0 ? 'stop' : 'start', provider: 'aws', resourceId: id, region };
      const ticket = ticketFor(action, new Date().toISOString(), `toggle-${i}`);
      keys.push(ticket.idempotencyKey);
      await cloud.apply(action, ticket);
    }
    const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
    const markers = (tags.Tags ?? []).filter((t) => t.Key?.startsWith(MARKER_PREFIX)).map((t) => t.Key!.slice(MARKER_PREFIX.length));
    expect(markers.sort()).toEqual(keys.slice(2).sort());
  });

  it('snapshots an unattached volume before deleting it, once', async () => {
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8, VolumeType: 'gp2' }));
    const id = volume.VolumeId!;
    const action: Action = { type: 'delete-volume', provider: 'aws', resourceId: id, region };
    const ticket = ticketFor(action);
    expect((await cloud.plan(action, ticket)).steps[0]).toMatch(/^CreateSnapshot of vol-/);
    expect(proxy.count('DeleteVolume')).toBe(0);
    const result = await cloud.apply(action, ticket);
    expect(result).toMatchObject({ appliedNow: true, priorSku: 'gp2', currentSku: 'deleted' });
    const snapshots = await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:tollgate:source-volume', Values: [id] }] }));
    expect(snapshots.Snapshots).toHaveLength(1);
    await expect(ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }))).rejects.toThrow();
    expect(await new AwsCloud({ region, endpoint: proxy.endpoint, credentials }).apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(proxy.count('DeleteVolume')).toBe(1);
    expect(proxy.count('CreateSnapshot')).toBe(1);
  });

  it('releases an unassociated Elastic IP once', async () => {
    const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const id = address.AllocationId!;
    const action: Action = { type: 'release-address', provider: 'aws', resourceId: id, region };
    const ticket = ticketFor(action);
    await cloud.plan(action, ticket);
    expect(proxy.count('ReleaseAddress')).toBe(0);
    expect(await cloud.apply(action, ticket)).toMatchObject({ appliedNow: true, currentSku: 'released' });
    expect(await cloud.apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(await new AwsCloud({ region, endpoint: proxy.endpoint, credentials }).apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(proxy.count('ReleaseAddress')).toBe(1);
  });
});
