import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureCloud, StaticTokenCredential } from '../../clouds/azure/index.js';
import { TicketRejected, type Action, type ExecutionTicket } from '../../core/index.js';
import { startArmServer, type ArmServer } from '../support/arm-server.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { executeOrphan } from '../support/orphan-execution.js';

const subscriptionId = '33333333-2222-3333-4444-555555555555';
const location = 'westeurope';
const resourceGroup = 'rg-orphans';
let arm: ArmServer;

function newCloud(): AzureCloud {
  return new AzureCloud({ subscriptionId, credential: new StaticTokenCredential(arm.token), endpoint: arm.endpoint, tlsCa: arm.ca, pollIntervalMs: 10 });
}

const addDisk = (name: string, managedBy?: string) =>
  arm.addDisk({ subscriptionId, resourceGroup, name, location, sku: 'Premium_LRS', sizeGiB: 128, tags: { team: 'data' }, ...(managedBy ? { managedBy } : {}) });
const addIp = (name: string, ipConfigurationId?: string) =>
  arm.addPublicIp({
    subscriptionId,
    resourceGroup,
    name,
    location,
    ipAddress: '20.0.0.7',
    sku: 'Standard',
    ...(ipConfigurationId ? { ipConfigurationId } : {}),
  });
const writesOn = (name: string) => arm.mutations.filter((m) => m.vm === name);
const action = (type: 'delete-volume' | 'release-address', resourceId: string): Action => ({ type, provider: 'azure', resourceId, region: location });

beforeAll(async () => {
  arm = await startArmServer();
});

afterAll(async () => {
  await arm?.stop();
});

describe('Azure unattached managed disks and unassociated public IPs', () => {
  it('lists disks and public IPs with their state; only Unattached disks and unassociated IPs are available', async () => {
    const free = addDisk('inv-free');
    const used = addDisk('inv-used', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1');
    const lone = addIp('inv-lone');
    const bound = addIp('inv-bound', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-1/ipConfigurations/ipconfig1');
    const resources = await newCloud().listResources();
    expect(resources.find((r) => r.id === free)).toMatchObject({
      kind: 'volume',
      account: subscriptionId,
      region: location,
      state: 'available',
      sku: 'Premium_LRS',
      sizeGiB: 128,
      tags: { team: 'data' },
    });
    expect(resources.find((r) => r.id === used)).toMatchObject({ state: 'in-use', attachedTo: expect.stringContaining('web-1') });
    expect(resources.find((r) => r.id === lone)).toMatchObject({ kind: 'address', state: 'available', sku: 'public-ip-standard', name: 'inv-lone' });
    expect(resources.find((r) => r.id === bound)).toMatchObject({ state: 'in-use' });
    expect(await newCloud().getResource(free)).toMatchObject({ kind: 'volume', state: 'available' });
  });

  it('snapshots an unattached disk, then deletes it, once; a fresh adapter finds the marker on the snapshot', async () => {
    const id = addDisk('old-cache');
    const delete1 = action('delete-volume', id);
    const ticket = ticketFor(delete1);
    const cloud = newCloud();
    const plan = await cloud.plan(delete1, ticket);
    expect(plan.steps).toHaveLength(2);
    expect(plan.validatedBy).toMatch(/diskState Unattached/);
    expect(arm.mutations.filter((m) => m.operation.startsWith('snapshots') || m.vm === 'old-cache')).toHaveLength(0);

    const polls = arm.operationPolls();
    expect(await cloud.apply(delete1, ticket)).toMatchObject({ appliedNow: true, priorSku: 'Premium_LRS', currentSku: 'deleted' });
    expect(arm.operationPolls() - polls).toBeGreaterThanOrEqual(3);
    const snapshot = [...arm.snapshots.values()].find((s) => s.sourceResourceId === id);
    expect(snapshot?.tags['tollgate:source-volume']).toBe(id);
    expect(snapshot?.tags[`tollgate:applied:${ticket.idempotencyKey}`]).toMatch(/^done\|delete-volume\|Premium_LRS\|deleted\|/);
    expect([...arm.disks.values()].some((d) => d.name === 'old-cache')).toBe(false);

    const count = arm.mutations.length;
    expect(await cloud.apply(delete1, ticket)).toMatchObject({ appliedNow: false });
    expect(await newCloud().apply(delete1, ticket)).toMatchObject({ appliedNow: false, currentSku: 'deleted' });
    expect(arm.mutations.length).toBe(count);
    expect(await newCloud().appliedResult(ticket.idempotencyKey)).toMatchObject({ action: delete1, appliedNow: false });
  });

  it('refuses a disk that was attached since approval, and anything without a ticket', async () => {
    const id = addDisk('reattached');
    const del = action('delete-volume', id);
    const ticket = ticketFor(del);
    await expect(newCloud().apply(del, { ...ticket } as ExecutionTicket)).rejects.toBeInstanceOf(TicketRejected);
    [...arm.disks.values()].find((d) => d.name === 'reattached')!.managedBy =
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/db-1';
    await expect(newCloud().plan(del, ticket)).rejects.toThrow(/the disk is Attached .*only unattached disks are deleted/);
    await expect(newCloud().apply(del, ticket)).rejects.toThrow(/only unattached disks are deleted/);
    expect(arm.mutations.filter((m) => m.operation === 'snapshots.createOrUpdate' && JSON.stringify(m.body).includes('reattached'))).toHaveLength(0);
    expect([...arm.disks.values()].some((d) => d.name === 'reattached')).toBe(true);
  });

  it('deletes an unassociated public IP once; an associated one is refused', async () => {
    const id = addIp('legacy-vpn');
    const release = action('release-address', id);
    const ticket = ticketFor(release);
    const cloud = newCloud();
    expect((await cloud.plan(release, ticket)).steps[0]).toMatch(/publicIPAddresses\.delete .*20\.0\.0\.7/);
    expect(writesOn('legacy-vpn')).toHaveLength(0);
    expect(await cloud.apply(release, ticket)).toMatchObject({ appliedNow: true, priorSku: '20.0.0.7', currentSku: 'released' });
    expect(await cloud.apply(release, ticket)).toMatchObject({ appliedNow: false });
    expect(await newCloud().apply(release, ticket)).toMatchObject({ appliedNow: false });
    expect(writesOn('legacy-vpn')).toEqual([{ method: 'DELETE', operation: 'publicIPAddresses.delete', vm: 'legacy-vpn' }]);

    const busy = addIp('busy-ip', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-2/ipConfigurations/ipconfig1');
    await expect(cloud.plan(action('release-address', busy), ticketFor(action('release-address', busy)))).rejects.toThrow(/is associated .*nic-2/);
  });

  it('goes through the actions worker: finding, rule proposal, validation, approval, one apply, audited', async () => {
    const cloud = newCloud();
    const diskId = addDisk('through-activities');
    const disk = await executeOrphan(cloud, await cloud.getResource(diskId), 'wf-azure-disk');
    expect(disk.finding).toMatchObject({ kind: 'orphan-volume', provider: 'azure', region: location });
    expect(disk.plan.validatedBy).toMatch(/ARM has no dry-run/);
    expect(disk.executed).toMatchObject({ status: 'applied', result: { appliedNow: true, currentSku: 'deleted' } });
    expect(await disk.again()).toMatchObject({ status: 'applied', result: { appliedNow: false } });
    expect(arm.mutations.filter((m) => m.operation === 'disks.delete' && m.vm === 'through-activities')).toHaveLength(1);
    const steps = (await disk.audit.records()).map((r) => r.step);
    expect(steps).toContain('plan');
    expect(steps).toContain('execute');
    await disk.audit.close();

    const ipId = addIp('through-activities-ip');
    const ip = await executeOrphan(cloud, await cloud.getResource(ipId), 'wf-azure-ip');
    expect(ip.executed).toMatchObject({ status: 'applied', result: { appliedNow: true, currentSku: 'released' } });
    await ip.audit.close();
  });
});
