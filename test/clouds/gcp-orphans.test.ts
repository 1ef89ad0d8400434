import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcpCloud, StaticTokenAuth } from '../../clouds/gcp/index.js';
import { TicketRejected, type Action, type ExecutionTicket } from '../../core/index.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { startGceServer, type GceServer } from '../support/gce-server.js';
import { executeOrphan } from '../support/orphan-execution.js';

const project = 'tollgate-orphans';
const zone = 'europe-west1-b';
const region = 'europe-west1';
let gce: GceServer;

function newCloud(): GcpCloud {
  return new GcpCloud({ project, apiEndpoint: gce.apiEndpoint, port: gce.port, protocol: 'http', auth: new StaticTokenAuth(gce.token) });
}

const addDisk = (name: string, users: string[] = []) =>
  gce.addDisk({ project, zone, name, type: 'pd-balanced', sizeGb: 200, users, labels: { team: 'data', 'tollgate-exclude': 'false' } });
const addAddress = (name: string, users: string[] = []) => gce.addAddress({ project, region, name, address: '34.76.0.9', users });
const writesOn = (name: string) => gce.mutations.filter((m) => m.instance === name);
const action = (type: 'delete-volume' | 'release-address', resourceId: string): Action => ({ type, provider: 'gcp', resourceId, region });

beforeAll(async () => {
  gce = await startGceServer();
});

afterAll(async () => {
  await gce?.stop();
});

describe('GCP unattached disks and reserved addresses', () => {
  it('lists zonal disks and external addresses; disks without users and RESERVED addresses are available', async () => {
    const free = addDisk('inv-free');
    const used = addDisk('inv-used', ['web-1']);
    const reserved = addAddress('inv-reserved');
    const busy = addAddress('inv-busy', [`https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/forwardingRules/fr-1`]);
    gce.addAddress({ project, region, name: 'inv-internal', address: '10.0.0.5', addressType: 'INTERNAL' });
    const resources = await newCloud().listResources();
    expect(resources.find((r) => r.id === free)).toMatchObject({
      kind: 'volume',
      account: project,
      region,
      state: 'available',
      sku: 'pd-balanced',
      sizeGiB: 200,
      tags: { team: 'data', 'tollgate:exclude': 'false' },
    });
    expect(resources.find((r) => r.id === used)).toMatchObject({ state: 'in-use', attachedTo: 'web-1' });
    expect(resources.find((r) => r.id === reserved)).toMatchObject({ kind: 'address', state: 'available', sku: 'external-ip', region });
    expect(resources.find((r) => r.id === busy)).toMatchObject({ state: 'in-use' });
    expect(resources.some((r) => r.name === 'inv-internal')).toBe(false);
    expect(await newCloud().getResource(free)).toMatchObject({ kind: 'volume', state: 'available' });
  });

  it('snapshots an unattached disk, then deletes it, once; a fresh adapter finds the deletion by its snapshot', async () => {
    const id = addDisk('old-scratch');
    const del = action('delete-volume', id);
    const ticket = ticketFor(del);
    const cloud = newCloud();
    const plan = await cloud.plan(del, ticket);
    expect(plan.steps).toEqual([
      `disks.createSnapshot of ${id} (200 GB pd-balanced) and poll the zone operation`,
      `disks.delete ${id} and poll the zone operation`,
    ]);
    expect(writesOn('old-scratch')).toHaveLength(0);

    const polls = gce.operationPolls();
    expect(await cloud.apply(del, ticket)).toMatchObject({ appliedNow: true, priorSku: 'pd-balanced', currentSku: 'deleted' });
    expect(gce.operationPolls() - polls).toBeGreaterThanOrEqual(2);
    expect(writesOn('old-scratch').map((m) => m.method)).toEqual(['createSnapshot', 'deleteDisk']);
    expect(writesOn('old-scratch').every((m) => m.requestId)).toBe(true);
    const snapshot = [...gce.snapshots.values()].find((s) => s.sourceDisk.endsWith(id));
    expect(snapshot?.labels).toMatchObject({ 'tollgate-backup': 'true', 'tollgate-prior-type': 'pd-balanced' });

    expect(await cloud.apply(del, ticket)).toMatchObject({ appliedNow: false });
    expect(await newCloud().apply(del, ticket)).toMatchObject({ appliedNow: false, currentSku: 'deleted' });
    expect(writesOn('old-scratch')).toHaveLength(2);
    expect(await newCloud().appliedResult(ticket.idempotencyKey)).toMatchObject({ action: del, appliedNow: false, priorSku: 'pd-balanced' });
  });

  it('refuses a disk attached since approval, and anything without a ticket', async () => {
    const id = addDisk('reattached');
    const del = action('delete-volume', id);
    const ticket = ticketFor(del);
    await expect(newCloud().apply(del, { ...ticket } as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    gce.disks.get(`${project}/${zone}/reattached`)!.users.push('db-1');
    await expect(newCloud().plan(del, ticket)).rejects.toThrow(/attached to db-1; only unattached disks are deleted/);
    await expect(newCloud().apply(del, ticket)).rejects.toThrow(/only unattached disks are deleted/);
    expect(writesOn('reattached')).toHaveLength(0);
  });

  it('releases a RESERVED address once, polling the region operation; an address in use is refused', async () => {
    const id = addAddress('legacy-nat');
    const release = action('release-address', id);
    const ticket = ticketFor(release);
    const cloud = newCloud();
    expect((await cloud.plan(release, ticket)).steps).toEqual([`addresses.delete ${id} (34.76.0.9) and poll the region operation`]);
    expect(await cloud.apply(release, ticket)).toMatchObject({ appliedNow: true, priorSku: '34.76.0.9', currentSku: 'released' });
    expect(await cloud.apply(release, ticket)).toMatchObject({ appliedNow: false });
    expect(await newCloud().apply(release, ticket)).toMatchObject({ appliedNow: false });
    expect(writesOn('legacy-nat').map((m) => m.method)).toEqual(['deleteAddress']);

    const busy = addAddress('busy-ip', ['forwardingRules/fr-2']);
    const releaseBusy = action('release-address', busy);
    await expect(cloud.plan(releaseBusy, ticketFor(releaseBusy))).rejects.toThrow(/is IN_USE .*only RESERVED addresses are released/);
  });

  it('goes through the actions worker: finding, rule proposal, validation, approval, one apply', async () => {
    const cloud = newCloud();
    const disk = await executeOrphan(cloud, await cloud.getResource(addDisk('through-activities')), 'wf-gcp-disk');
    expect(disk.finding).toMatchObject({ kind: 'orphan-volume', provider: 'gcp', region });
    expect(disk.plan.validatedBy).toMatch(/GCE has no dry-run/);
    expect(disk.executed).toMatchObject({ status: 'applied', result: { appliedNow: true, currentSku: 'deleted' } });
    expect(await disk.again()).toMatchObject({ status: 'applied', result: { appliedNow: false } });
    expect(writesOn('through-activities').filter((m) => m.method === 'deleteDisk')).toHaveLength(1);
    await disk.audit.close();

    const ip = await executeOrphan(cloud, await cloud.getResource(addAddress('through-activities-ip')), 'wf-gcp-ip');
    expect(ip.executed).toMatchObject({ status: 'applied', result: { appliedNow: true, currentSku: 'released' } });
    await ip.audit.close();
  });
});
