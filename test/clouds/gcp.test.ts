import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcpCloud, StaticTokenAuth } from '../../clouds/gcp/index.js';
import { GcpBillingCatalog } from '../../clouds/pricing/index.js';
import { TicketRejected, type Action, type ExecutionTicket } from '../../core/index.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { enrollTagged, nightsPolicy, offHoursWorker } from '../support/off-hours-enrollment.js';
import { seriesSkus, startBillingCatalogServer, type BillingCatalogServer } from '../support/billing-catalog-server.js';
import { startGceServer, type GceServer } from '../support/gce-server.js';

const project = 'tollgate-test';
const zone = 'us-central1-a';
const region = 'us-central1';
const windowEnd = Date.UTC(2026, 0, 20);
const window = { from: new Date(windowEnd - 48 * 3_600_000).toISOString(), to: new Date(windowEnd).toISOString() };

let gce: GceServer;
let billing: BillingCatalogServer;
let cloud: GcpCloud;

/** With the loopback Cloud Billing Catalog for regions other than us-central1 (batch-1 is in europe-west1), unless `unpriced`. */
function newCloud(unpriced = false): GcpCloud {
  const auth = new StaticTokenAuth(gce.token);
  const billingCatalog = new GcpBillingCatalog({
    endpoint: billing.endpoint,
    auth,
    cacheDir: mkdtempSync(join(tmpdir(), 'tollgate-gcp-prices-')),
    clock: () => '2026-01-20T00:00:00Z',
  });
  return new GcpCloud({ project, apiEndpoint: gce.apiEndpoint, port: gce.port, protocol: 'http', auth, ...(unpriced ? {} : { billingCatalog }) });
}

function add(name: string, machineType = 'n2-standard-8', status: 'RUNNING' | 'TERMINATED' = 'RUNNING'): string {
  gce.addInstance({ project, zone, name, machineType, status, labels: { env: 'dev' } });
  return `projects/${project}/zones/${zone}/instances/${name}`;
}

const resize = (id: string, fromSku: string, toSku: string): Action => ({ type: 'resize', provider: 'gcp', resourceId: id, region, fromSku, toSku });
const changes = (name: string) => gce.mutations.filter((m) => m.instance === name && m.method !== 'setMetadata');

beforeAll(async () => {
  gce = await startGceServer();
  billing = await startBillingCatalogServer({ token: gce.token });
  billing.skus.push(...seriesSkus('E2', ['europe-west1'], 0.023, 0.003082, '2026-01-02T00:00:00Z'));
  for (const t of ['n2-standard-2', 'n2-standard-4', 'n2-standard-8', 'e2-standard-4']) gce.machineTypes.add(t);
  cloud = newCloud();
});

afterAll(async () => {
  await Promise.allSettled([gce?.stop(), billing?.stop()]);
});

describe('GCP adapter against a loopback Compute Engine REST server', () => {
  it('lists instances across zones with machine type, status and labels', async () => {
    const id = add('web-1');
    gce.addInstance({ project, zone: 'europe-west1-b', name: 'batch-1', machineType: 'e2-standard-4', status: 'TERMINATED' });
    const resources = await cloud.listResources();
    expect(resources.find((r) => r.id === id)).toMatchObject({
      provider: 'gcp',
      account: project,
      region,
      sku: 'n2-standard-8',
      state: 'running',
      tags: { env: 'dev' },
    });
    expect(resources.find((r) => r.name === 'batch-1')).toMatchObject({ region: 'europe-west1', state: 'stopped' });
    await expect(cloud.getResource(`projects/${project}/zones/${zone}/instances/nope`)).rejects.toThrow(/instances\.get on .*\/nope: not found/);
  });

  it('reads CPU utilization and Ops Agent memory from Cloud Monitoring as hourly percentiles', async () => {
    const id = add('metrics-1');
    const numericId = gce.instances.get(`${project}/${zone}/metrics-1`)!.id;
    const hours = Array.from({ length: 48 }, (_, h) => new Date(Date.parse(window.from) + h * 3_600_000).toISOString());
    gce.series.set('compute.googleapis.com/instance/cpu/utilization', new Map([[numericId, hours.map((at, h) => ({ at, value: (h + 1) / 100 }))]]));
    gce.series.set('agent.googleapis.com/memory/percent_used', new Map([[numericId, hours.map((at) => ({ at, value: 35 }))]]));
    const summary = await cloud.utilization(id, window);
    expect(summary).toMatchObject({ hoursObserved: 48, cpu: { p50: 24, p95: 46, p99: 48, max: 48 }, memory: { p95: 35, p99: 35 } });
  });

  it('prices machine types with vCPU and memory derived from their names', async () => {
    const catalog = await cloud.catalog();
    expect(catalog.find((c) => c.sku === 'n2-standard-8' && c.region === region)).toMatchObject({ vcpu: 8, memoryGiB: 32, hourlyUsd: 0.3885 });
    // batch-1's region from the billing catalog: e2-standard-4 is 4 vCPU and 16 GiB at europe-west1's E2 rates.
    expect(catalog.find((c) => c.sku === 'e2-standard-4' && c.region === 'europe-west1')).toMatchObject({
      hourlyUsd: Math.round((4 * 0.023 + 16 * 0.003082) * 1e6) / 1e6,
      catalogDate: '2026-01-02',
    });
    // Without one, us-central1's bundled prices are not reused there.
    await expect(newCloud(true).catalog()).rejects.toThrow(/no gcp list prices for region europe-west1: .*add clouds\.gcp\.billingCatalog/);
  });

  it('validates, then stops, changes the machine type and starts once, polling zone operations', async () => {
    const id = add('resize-1');
    const action = resize(id, 'n2-standard-8', 'n2-standard-4');
    const ticket = ticketFor(action);
    expect((await cloud.plan(action, ticket)).steps).toEqual([
      `instances.stop ${id}`,
      `instances.setMachineType ${id} n2-standard-8 → n2-standard-4`,
      `instances.start ${id}`,
    ]);
    expect(gce.mutations.filter((m) => m.instance === 'resize-1')).toHaveLength(0);

    const polls = gce.operationPolls();
    const result = await cloud.apply(action, ticket);
    expect(result).toMatchObject({ appliedNow: true, priorSku: 'n2-standard-8', currentSku: 'n2-standard-4' });
    expect(changes('resize-1').map((m) => m.method)).toEqual(['stop', 'setMachineType', 'start']);
    expect(gce.operationPolls() - polls).toBeGreaterThanOrEqual(5);
    expect(await cloud.getResource(id)).toMatchObject({ sku: 'n2-standard-4', state: 'running' });

    const count = gce.mutations.length;
    expect(await cloud.apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(await newCloud().apply(action, ticket)).toMatchObject({ appliedNow: false });
    expect(gce.mutations).toHaveLength(count);
    expect(await newCloud().appliedResult(ticket.idempotencyKey)).toMatchObject({ action, priorSku: 'n2-standard-8', appliedNow: false });
    expect(await newCloud().appliedResult('tollgate-never')).toBeUndefined();
  });

  it('refuses to plan or apply without a ticket minted by authorize() for exactly this action', async () => {
    const id = add('refuse-1');
    const action = resize(id, 'n2-standard-8', 'n2-standard-4');
    const ticket = ticketFor(action);
    await expect(cloud.plan(action, { ...ticket } as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, undefined as unknown as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    await expect(cloud.apply(action, ticketFor(resize(id, 'n2-standard-8', 'n2-standard-2')))).rejects.toThrow(/ticket covers action/);
    expect(gce.mutations.filter((m) => m.instance === 'refuse-1')).toHaveLength(0);
  });

  it('aborts with a clear error when the machine type changed underneath since approval', async () => {
    const id = add('drift-1');
    const action = resize(id, 'n2-standard-8', 'n2-standard-4');
    const ticket = ticketFor(action);
    gce.instances.get(`${project}/${zone}/drift-1`)!.machineType = 'e2-standard-4';
    await expect(cloud.plan(action, ticket)).rejects.toThrow(`gcp resize on ${id}: the instance is e2-standard-4, not n2-standard-8`);
    await expect(cloud.apply(action, ticket)).rejects.toThrow(/changed since the proposal was approved/);
    expect(gce.mutations.filter((m) => m.instance === 'drift-1')).toHaveLength(0);
  });

  it('refuses a machine type the zone does not offer', async () => {
    const id = add('bad-target');
    const action = resize(id, 'n2-standard-8', 'n2-standard-7');
    await expect(cloud.plan(action, ticketFor(action))).rejects.toThrow(/n2-standard-7 is not offered in us-central1-a/);
  });

  it('stops and starts once per ticket', async () => {
    const id = add('nightly-1', 'e2-standard-4');
    const stop: Action = { type: 'stop', provider: 'gcp', resourceId: id, region };
    const stopTicket = ticketFor(stop);
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: true, priorSku: 'RUNNING', currentSku: 'TERMINATED' });
    expect(await cloud.apply(stop, stopTicket)).toMatchObject({ appliedNow: false });
    expect(changes('nightly-1').map((m) => m.method)).toEqual(['stop']);
    const start: Action = { type: 'start', provider: 'gcp', resourceId: id, region };
    expect(await cloud.apply(start, ticketFor(start))).toMatchObject({ appliedNow: true });
    expect((await cloud.getResource(id)).state).toBe('running');
  });

  it('an off-hours enrollment, then its stop and start firings, go through the activities to GCE with zone operations', async () => {
    // GCE label keys take only lower-case letters, digits, '-' and '_': the opt-in key is tollgate-off-hours, not tollgate:off-hours.
    gce.addInstance({
      project,
      zone,
      name: 'devbox-offhours',
      machineType: 'e2-standard-4',
      status: 'RUNNING',
      labels: { env: 'dev', 'tollgate-off-hours': 'nights' },
    });
    const id = `projects/${project}/zones/${zone}/instances/devbox-offhours`;
    const policy = nightsPolicy({ tagKey: 'tollgate-off-hours' });
    const { activities, audit } = offHoursWorker(cloud, policy);
    try {
      const { finding, enrolled } = await enrollTagged(cloud, policy, activities, id, 'enroll-gcp');
      expect(finding.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
      expect(enrolled.status).toBe('applied');
      expect(gce.mutations.filter((m) => m.instance === 'devbox-offhours')).toHaveLength(0);

      const polls = gce.operationPolls();
      const stopped = await activities.applyOffHoursChange({ firingId: 'firing-stop', schedule: 'nights', phase: 'stop', resourceId: id });
      expect(stopped).toMatchObject({ status: 'applied', verified: true, result: { appliedNow: true, currentSku: 'TERMINATED' } });
      // The pending marker, the one instances.stop, the done marker; each zone operation polled to DONE.
      expect(gce.mutations.filter((m) => m.instance === 'devbox-offhours').map((m) => m.method)).toEqual(['setMetadata', 'stop', 'setMetadata']);
      expect(gce.operationPolls() - polls).toBeGreaterThanOrEqual(6);
      expect(gce.instances.get(`${project}/${zone}/devbox-offhours`)!.status).toBe('TERMINATED');

      const started = await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id });
      expect(started).toMatchObject({ status: 'applied', verified: true, result: { appliedNow: true, currentSku: 'RUNNING' } });
      expect(gce.instances.get(`${project}/${zone}/devbox-offhours`)!.status).toBe('RUNNING');
      const count = gce.mutations.length;
      // The same firing retried (a crashed activity) finishes from the metadata marker: nothing is started twice.
      expect(await activities.applyOffHoursChange({ firingId: 'firing-start', schedule: 'nights', phase: 'start', resourceId: id })).toMatchObject({
        status: 'applied',
        verified: true,
        result: { appliedNow: false },
      });
      expect(gce.mutations).toHaveLength(count);
      expect(changes('devbox-offhours').map((m) => m.method)).toEqual(['stop', 'start']);
    } finally {
      await audit.close();
    }
  });
});
