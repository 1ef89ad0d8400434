import { ComputeManagementClient } from '@azure/arm-compute';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import { azureCatalog, azureCatalogFor, bundledAzureRegions, type AzureRetailPrices } from '../pricing/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { actionFromMarker, resultFromMarker } from '../applied-marker.js';
import { readMarker } from './applied-marker.js';
import { armTypeOf, parseArmId } from './arm-id.js';
import { armCall, readVm, type AzureContext } from './azure-context.js';
import { applyDiskDeletion, DISK_TYPE, diskToResource, findDiskDeletion, planDiskDeletion, readDisk } from './disks.js';
import { AzureOperationError } from './errors.js';
import { vmToResource } from './inventory.js';
import { azureBandwidthBitsPerSecond } from './network-bandwidth.js';
import { applyPower, assessPower } from './power.js';
import { planRelease, PUBLIC_IP_TYPE, PublicIpNotFound, publicIpToResource, readPublicIp, releasePublicIp } from './public-ips.js';
import { applyResize, assessResize, resizeSteps } from './resize.js';
import { vmUtilization } from './utilization.js';
import { parseVmId } from './vm-id.js';

export interface AzureCloudOptions {
  subscriptionId: string;
  /** Omit for DefaultAzureCredential (managed identity, workload identity, az login). */
  credential?: TokenCredential;
  /** ARM endpoint override (a loopback server in tests; a sovereign cloud in production). */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust for the endpoint, e.g. a loopback server's self-signed one. */
  tlsCa?: string;
  clock?: () => string;
  pollIntervalMs?: number;
  /** Published network bandwidth per size (Mbps); sizes not named get the lower bound in network-bandwidth.ts. */
  networkBandwidthMbps?: Record<string, number>;
  /** Prices for regions the bundled catalog lacks; without it a VM there has no price (NoPricesForRegion). */
  retailPrices?: AzureRetailPrices;
}

const VM_TYPE = 'microsoft.compute/virtualmachines';
const ACTIONS: readonly Action['type'][] = ['resize', 'stop', 'start', 'delete-volume', 'release-address'];

/**
 * Azure behind the CloudProvider interface: ARM inventory (VMs, managed disks, public IPs), Azure
 * Monitor metrics, the VM list-price catalog, and resize / deallocate / start / snapshot-then-delete
 * a disk / delete a public IP, with validation before every write, etag guards on VMs, and the
 * idempotency key recorded as a tag (on the VM, or on the backup snapshot of a deleted disk).
 */
export class AzureCloud implements CloudProvider {
  readonly provider = 'azure' as const;
  private readonly ctx: AzureContext;
  private readonly networkBandwidthMbps: Record<string, number>;
  private readonly retailPrices: AzureRetailPrices | undefined;
  /** Results of releases in this process: a deleted public IP cannot carry a marker tag. */
  private readonly releasedHere = new Map<string, MutationResult>();

  constructor(options: AzureCloudOptions) {
    this.networkBandwidthMbps = options.networkBandwidthMbps ?? {};
    this.retailPrices = options.retailPrices;
    const credential = options.credential ?? new DefaultAzureCredential();
    const transport = {
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
    };
    const legacyHost = options.endpoint ? { $host: options.endpoint } : {};
    this.ctx = {
      compute: new ComputeManagementClient(credential, options.subscriptionId, transport),
      monitor: new MonitorClient(credential, options.subscriptionId, { ...transport, ...legacyHost }),
      network: new NetworkManagementClient(credential, options.subscriptionId, { ...transport, ...legacyHost }),
      subscriptionId: options.subscriptionId,
      clock: options.clock ?? (() => new Date().toISOString()),
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
    };
  }

  async listResources(): Promise<Resource[]> {
    const scope = `/subscriptions/${this.ctx.subscriptionId}`;
    const resources: Resource[] = [];
    await armCall('virtualMachines.listAll', scope, async () => {
      for await (const vm of this.ctx.compute.virtualMachines.listAll()) {
        // List results carry no power state; one GET with the instance view per VM supplies it.
        resources.push(await this.getResource(vm.id ?? ''));
      }
    });
    await armCall('disks.list', scope, async () => {
      for await (const disk of this.ctx.compute.disks.list()) resources.push(diskToResource(disk, this.ctx.subscriptionId));
    });
    await armCall('publicIPAddresses.listAll', scope, async () => {
      for await (const ip of this.ctx.network.publicIPAddresses.listAll()) resources.push(publicIpToResource(ip, this.ctx.subscriptionId));
    });
    return resources;
  }

  async getResource(id: string): Promise<Resource> {
    const type = armTypeOf(id);
    if (type === DISK_TYPE.toLowerCase()) return diskToResource(await readDisk(this.ctx, parseArmId(id, DISK_TYPE), id), this.ctx.subscriptionId);
    if (type === PUBLIC_IP_TYPE.toLowerCase())
      return publicIpToResource(await readPublicIp(this.ctx, parseArmId(id, PUBLIC_IP_TYPE), id), this.ctx.subscriptionId);
    return vmToResource(await readVm(this.ctx, parseVmId(id), id), this.ctx.subscriptionId);
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    const resource = await this.getResource(id);
    // Specs do not vary by region: any priced region gives the size's memory and vCPUs.
    const size = azureCatalog().find((c) => c.sku === resource.sku);
    return vmUtilization(this.ctx.monitor, id, window, {
      memoryGiB: size?.memoryGiB,
      bandwidthBitsPerSecond: azureBandwidthBitsPerSecond(resource.sku, size?.vcpu, this.networkBandwidthMbps),
    });
  }

  async catalog(): Promise<CatalogEntry[]> {
    const regions = new Set([...bundledAzureRegions(), ...(await this.listResources()).filter((r) => r.kind === 'vm').map((r) => r.region)]);
    return azureCatalogFor([...regions], this.retailPrices);
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.ctx.clock(), 'plan');
    this.assertAzure(action);
    if (action.type === 'delete-volume')
      return {
        action,
        steps: await planDiskDeletion(this.ctx, action),
        validatedBy: 'azure: disk re-read (diskState Unattached, no managedBy); ARM has no dry-run',
      };
    if (action.type === 'release-address')
      return {
        action,
        steps: await planRelease(this.ctx, action),
        validatedBy: 'azure: public IP re-read (no ipConfiguration, no NAT gateway); ARM has no dry-run',
      };
    const steps = action.type === 'resize' ? resizeSteps(action, await assessResize(this.ctx, action)) : await assessPower(this.ctx, action);
    return { action, steps, validatedBy: 'azure: VM re-read (size, power state, etag) and target size checked with listAvailableSizes; ARM has no dry-run' };
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    assertTicketCovers(ticket, action, this.ctx.clock());
    this.assertAzure(action);
    const key = ticket.idempotencyKey;
    if (action.type === 'delete-volume') {
      const { marker, appliedNow } = await applyDiskDeletion(this.ctx, action, key);
      return resultFromMarker(action, marker, appliedNow);
    }
    if (action.type === 'release-address') return this.release(action, key);
    if (action.type === 'resize') {
      const vm = await readVm(this.ctx, parseVmId(action.resourceId), action.resourceId);
      // Validation runs before the first write, exactly as plan() does, unless this key already ran.
      if (!readMarker(vm.tags, key)) await assessResize(this.ctx, action);
      const { marker, appliedNow } = await applyResize(this.ctx, action, key);
      return resultFromMarker(action, marker, appliedNow);
    }
    const vm = await readVm(this.ctx, parseVmId(action.resourceId), action.resourceId);
    if (!readMarker(vm.tags, key)) await assessPower(this.ctx, action);
    const { marker, appliedNow } = await applyPower(this.ctx, action, key);
    return resultFromMarker(action, marker, appliedNow);
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
    const released = this.releasedHere.get(idempotencyKey);
    if (released) return { ...released, appliedNow: false };
    for await (const vm of this.ctx.compute.virtualMachines.listAll()) {
      const marker = readMarker(vm.tags, idempotencyKey);
      if (marker?.status === 'done' && vm.id) return resultFromMarker(actionFromMarker('azure', marker, vm.id, vm.location), marker, false);
    }
    const deletion = await findDiskDeletion(this.ctx, idempotencyKey);
    if (deletion) return resultFromMarker(actionFromMarker('azure', deletion.marker, deletion.diskId, deletion.region), deletion.marker, false);
    return undefined;
  }

  /** Deletes an unassociated public IP once: a retry here returns the remembered result; elsewhere, the address being gone means done. */
  private async release(action: Action, key: string): Promise<MutationResult> {
    const known = this.releasedHere.get(key);
    if (known) return { ...known, appliedNow: false };
    try {
      const address = await releasePublicIp(this.ctx, action);
      const result: MutationResult = { action, idempotencyKey: key, appliedNow: true, priorSku: address, currentSku: 'released', at: this.ctx.clock() };
      this.releasedHere.set(key, result);
      return result;
    } catch (error) {
      if (error instanceof PublicIpNotFound)
        return { action, idempotencyKey: key, appliedNow: false, priorSku: 'unknown', currentSku: 'released', at: this.ctx.clock() };
      throw error;
    }
  }

  private assertAzure(action: Action): void {
    if (action.provider !== 'azure')
      throw new AzureOperationError(action.type, action.resourceId, `this is the Azure adapter; the action is for ${action.provider}`);
    if (!ACTIONS.includes(action.type)) throw new AzureOperationError(action.type, action.resourceId, `${action.type} is not implemented for Azure`);
    const type = armTypeOf(action.resourceId);
    const wanted = action.type === 'delete-volume' ? DISK_TYPE.toLowerCase() : action.type === 'release-address' ? PUBLIC_IP_TYPE.toLowerCase() : VM_TYPE;
    if (type !== wanted)
      throw new AzureOperationError(action.type, action.resourceId, `${action.type} applies to ${wanted} resources, not ${type || 'this id'}`);
  }
}
