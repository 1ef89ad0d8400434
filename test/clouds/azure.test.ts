import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureCloud, StaticTokenCredential } from '../../clouds/azure/index.js';
import { TicketRejected, type Action, type ExecutionTicket } from '../../core/index.js';
import { startArmServer, type ArmServer } from '../support/arm-server.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { enrollTagged, nightsPolicy, offHoursWorker } from '../support/off-hours-enrollment.js';

const subscriptionId = '11111111-2222-3333-4444-555555555555';
const location = 'eastus';
const windowEnd = Date.UTC(2026, 0, 20);
const window = { from: new Date(windowEnd - 48 * 3_600_000).toISOString(), to: new Date(windowEnd).toISOString() };

let arm: ArmServer;
let cloud: AzureCloud;

function newCloud(): AzureCloud {
  return new AzureCloud({ subscriptionId, credential: new StaticTokenCredential(arm.token), endpoint: arm.endpoint, tlsCa: arm.ca, pollIntervalMs: 10 });
}

function addVm(name: string, vmSize: string, inPlaceSizes: string[] = ['Standard_D2s_v3', 'Standard_D4s_v3']): string {
  return arm.addVm({ subscriptionId, resourceGroup: 'rg-app', name, location, vmSize, power: 'running', tags: { env: 'dev' }, inPlaceSizes });
}

function resize(id: string, fromSku: string, toSku: string): Action {
  return { type: 'resize', provider: 'azure', resourceId: id, region: location, fromSku, toSku };
}

const writes = (vm: string) => arm.mutations.filter((m) => m.vm === vm);
const sizeChanges = (vm: string) =>
  writes(vm).filter((m) => (m.body as { properties?: { hardwareProfile?: unknown } } | undefined)?.properties?.hardwareProfile);

beforeAll(async () => {
  arm = await startArmServer();
  arm.sizes[location] = [
    { name: 'Standard_D2s_v3', numberOfCores: 2, memoryInMB: 8192 },
    { name: 'Standard_D4s_v3', numberOfCores: 4, memoryInMB: 16384 },
    { name: 'Standard_E2s_v3', numberOfCores: 2, memoryInMB: 16384 },
  ];
  cloud = newCloud();
});

afterAll(async () => {
  await arm?.stop();
});

describe('Azure adapter against a loopback ARM server over HTTPS', () => {
  it('lists VMs with size, power state and tags', async () => {
    const id = addVm('web-1', 'Standard_D4s_v3');
    arm.addVm({ subscriptionId, resourceGroup: 'rg-batch', name: 'batch-1', location, vmSize: 'Standard_D2s_v3', power: 'deallocated' });
    const resources = await cloud.listResources();
    expect(resources.find((r) => r.id === id)).toMatchObject({
      provider: 'azure',
      account: subscriptionId,
      region: location,
      sku: 'Standard_D4s_v3',
      state: 'running',
      name: 'web-1',
      tags: { env: 'dev' },
    });
    expect(resources.find((r) => r.name === 'batch-1')?.state).toBe('deallocated');
    await expect(cloud.getResource(id.replace('web-1', 'nope'))).rejects.toThrow(/virtualMachines\.get on .*\/nope: not found/);
  });

  it('reads Percentage CPU and Available Memory Bytes from Azure Monitor as hourly percentiles', async () => {
    const id = addVm('metrics-1', 'Standard_D4s_v3');
    const hours = Array.from({ length: 48 }, (_, h) => new Date(Date.parse(window.from) + h * 3_600_000).toISOString());
    arm.metrics.set(
      id.toLowerCase(),
      new Map([
        ['Percentage CPU', hours.map((timeStamp, h) => ({ timeStamp, average: h + 1 }))],
        // 12 GiB of 16 GiB free → 25 % used
        ['Available Memory Bytes', hours.map((timeStamp) => ({ timeStamp, average: 12 * 1024 ** 3 }))],
      ]),
    );
    const summary = await cloud.utilization(id, window);
    expect(summary).toMatchObject({ hoursObserved: 48, cpu: { p50: 24, p95: 46, p99: 48, p995: 48, max: 48 }, memory: { p95: 25, p99: 25 } });
  });

  it('prices the catalog from the Azure list-price snapshot', async () => {
    expect((await cloud.catalog()).find((c) => c.sku === 'Standard_D2s_v3' && c.region === location)).toMatchObject({
      vcpu: 2,
      memoryGiB: 8,
      hourlyUsd: 0.096,
    });
  });

  it('validates, then resizes in place once when the size is on the current cluster', async () => {
    const id = addVm('resize-1', 'Standard_D4s_v3');
    const action = resize(id, 'Standard_D4s_v3', 'Standard_D2s_v3');
    const ticket = ticketFor(action);
    const plan = await cloud.plan(action, ticket);
    expect(plan.steps).toEqual(['PATCH hardwareProfile.vmSize Standard_D4s_v3 → Standard_D2s_v3 (If-Match etag); ARM restarts a running VM in place']);
    expect(writes('resize-1')).toHaveLength(0);

    const result = await cloud.apply(action, ticket);
    expect(result).toMatchObject({ appliedNow: true, priorSku: 'Standard_D4s_v3', currentSku: 'Standard_D2s_v3' });
    expect(sizeChanges('resize-1')).toHaveLength(1);
    expect(writes('resize-1').filter((w) => w.operation !== 'update')).toHaveLength(0);
    expect(await cloud.getResource(id)).toMatchObject({ sku: 'Standard_D2s_v3', state: 'running' });

    const count = writes('resize-1').length;
    expect(await cloud.apply(action, ticket)).toMatchObject({ appliedNow: false, currentSku: 'Standard_D2s_v3' });
    expect(await newCloud().apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(writes('resize-1')).toHaveLength(count);
    expect(await newCloud().appliedResult(ticket.idempotencyKey)).toMatchObject({ action, priorSku: 'Standard_D4s_v3', appliedNow: false });
    expect(await newCloud().appliedResult('tollgate-never')).toBeUndefined();
    expect(Object.keys((await cloud.getResource(id)).tags)).toEqual(['env']);
  });

  it('deallocates first when the target size is not on the current cluster, and starts the VM again', async () => {
    const id = addVm('resize-2', 'Standard_D4s_v3', ['Standard_D4s_v3']);
    const action = resize(id, 'Standard_D4s_v3', 'Standard_E2s_v3');
    const ticket = ticketFor(action);
    expect((await cloud.plan(action, ticket)).steps[0]).toMatch(/^deallocate .* \(Standard_E2s_v3 is not on the current cluster\)$/);
    const polls = arm.operationPolls();
    await cloud.apply(action, ticket);
    expect(writes('resize-2').map((w) => w.operation)).toEqual(['update', 'deallocate', 'update', 'start']);
    // Each of the four long-running operations was polled: InProgress once, then Succeeded.
    expect(arm.operationPolls() - polls).toBeGreaterThanOrEqual(8);
    expect(sizeChanges('resize-2')).toHaveLength(1);
    expect(await cloud.getResource(id)).toMatchObject({ sku: 'Standard_E2s_v3', state: 'running' });
  });

  it('refuses to plan or apply without a ticket minted by authorize() for exactly this action', async () => {
    const id = addVm('refuse-1', 'Standard_D4s_v3');
    const action = resize(id, 'Standard_D4s_v3', 'Standard_D2s_v3');
    const ticket = ticketFor(action);
    await expect(cloud.plan(action, { ...ticket } as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, undefined as unknown as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, ticketFor(resize(id, 'Standard_D4s_v3', 'Standard_E2s_v3')))).rejects.toThrow(/ticket covers action/);
    expect(writes('refuse-1')).toHaveLength(0);
  });

  it('aborts with a clear error when the size changed underneath since approval', async () => {
    const id = addVm('drift-1', 'Standard_D4s_v3');
    const action = resize(id, 'Standard_D4s_v3', 'Standard_D2s_v3');
    const ticket = ticketFor(action);
    [...arm.vms.values()].find((v) => v.name === 'drift-1')!.vmSize = 'Standard_E2s_v3';
    await expect(cloud.plan(action, ticket)).rejects.toThrow(`azure resize on ${id}: the VM is Standard_E2s_v3, not Standard_D4s_v3`);
    await expect(cloud.apply(action, ticket)).rejects.toThrow(/changed since the proposal was approved/);
    expect(writes('drift-1')).toHaveLength(0);
  });

  it('refuses a size the region does not offer', async () => {
    const id = arm.addVm({ subscriptionId, resourceGroup: 'rg-app', name: 'bad-target', location, vmSize: 'Standard_D4s_v3', power: 'deallocated' });
    const action = resize(id, 'Standard_D4s_v3', 'Standard_NotASize');
    await expect(cloud.plan(action, ticketFor(action))).rejects.toThrow(/Standard_NotASize is not offered for this VM in eastus/);
  });

  it('deallocates and starts once per ticket', async () => {
    const id = addVm('nightly-1', 'Standard_D2s_v3');
    const stop: Action = { type: 'stop', provider: 'azure', resourceId: id, region: location };
    const stopTicket = ticketFor(stop);
    expect(await cloud.plan(stop, stopTicket)).toMatchObject({ steps: [expect.stringMatching(/^deallocate /)] });
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: true, priorSku: 'running', currentSku: 'deallocated' });
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: false });
    expect(writes('nightly-1').filter((w) => w.operation === 'deallocate')).toHaveLength(1);
    expect((await cloud.getResource(id)).state).toBe('deallocated');
    const start: Action = { type: 'start', provider: 'azure', resourceId: id, region: location };
    expect(await cloud.apply(start, ticketFor(start))).toMatchObject({ appliedNow: true, currentSku: 'running' });
    expect((await cloud.getResource(id)).state).toBe('running');
  });

  it('an off-hours enrollment, then its stop and start firings, go through the activities to ARM: deallocate and start as long-running operations', async () => {
    const id = arm.addVm({
      subscriptionId,
      resourceGroup: 'rg-dev',
      name: 'devbox-offhours',
      location,
      vmSize: 'Standard_D2s_v3',
      power: 'running',
      tags: { env: 'dev', 'tollgate:off-hours': 'nights' },
    });
    const policy = nightsPolicy();
    const { activities, audit } = offHoursWorker(cloud, policy);
    try {
      const { finding, enrolled } = await enrollTagged(cloud, policy, activities, id, 'enroll-azure');
      expect(finding.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
      expect(enrolled.status).toBe('applied');
      expect(writes('devbox-offhours')).toHaveLength(0);

      const polls = arm.operationPolls();
      const stopped = await activities.applyOffHoursChange({ firingId: 'firing-stop', schedule: 'nights', phase: 'stop', resourceId: id });
      expect(stopped).toMatchObject({ status: 'applied', verified: true, result: { appliedNow: true, currentSku: 'deallocated' } });
      // The pending marker, the one deallocation, the done marker; each long-running operation polled.
      expect(writes('devbox-offhours').map((w) => w.operation)).toEqual(['update', 'deallocate', 'update']);
      expect(arm.operationPolls() - polls).toBeGreaterThanOrEqual(6);
      expect((await cloud.getResource(id)).state).toBe('deallocated');

      const started = await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id });
      expect(started).toMatchObject({ status: 'applied', verified: true, result: { appliedNow: true, currentSku: 'running' } });
      expect((await cloud.getResource(id)).state).toBe('running');
      const count = writes('devbox-offhours').length;
      // The same firing retried (a crashed activity) finishes from the VM's idempotency tag: nothing is started twice.
      expect(await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id })).toMatchObject({
        status: 'applied',
        verified: true,
        result: { appliedNow: false },
      });
      expect(writes('devbox-offhours')).toHaveLength(count);
      expect(writes('devbox-offhours').filter((w) => w.operation === 'start')).toHaveLength(1);
      expect((await cloud.getResource(id)).tags).toEqual({ env: 'dev', 'tollgate:off-hours': 'nights' });
    } finally {
      await audit.close();
    }
  });
});
