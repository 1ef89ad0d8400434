import { ComputeManagementClient } from '@azure/arm-compute';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import { azureCatalog } from '../pricing/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { actionFromMarker, resultFromMarker } from '../applied-marker.js';
import { readMarker } from './applied-marker.js';
import { armCall, readVm, type AzureContext } from './azure-context.js';
import { AzureOperationError } from './errors.js';
import { vmToResource } from './inventory.js';
import { applyPower, assessPower } from './power.js';
import { applyResize, assessResize, resizeSteps } from './resize.js';
import { azureBandwidthBitsPerSecond } from './network-bandwidth.js';
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
}

/**
 * Azure behind the CloudProvider interface: ARM VM inventory, Azure Monitor metrics, the VM
 * list-price catalog, and resize / deallocate / start with validation before every write, etag
 * guards, and the idempotency key recorded as a VM tag.
 */
export class AzureCloud implements CloudProvider {
  readonly provider = 'azure' as const;
  private readonly ctx: AzureContext;
  private readonly networkBandwidthMbps: Record<string, number>;

  constructor(options: AzureCloudOptions) {
    this.networkBandwidthMbps = options.networkBandwidthMbps ?? {};
    const credential = options.credential ?? new DefaultAzureCredential();
    const transport = {
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
    };
    this.ctx = {
      compute: new ComputeManagementClient(credential, options.subscriptionId, transport),
      monitor: new MonitorClient(credential, options.subscriptionId, { ...transport, ...(options.endpoint ? { $host: options.endpoint } : {}) }),
      subscriptionId: options.subscriptionId,
      clock: options.clock ?? (() => new Date().toISOString()),
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
    };
  }

  async listResources(): Promise<Resource[]> {
    return armCall('virtualMachines.listAll', `/subscriptions/${this.ctx.subscriptionId}`, async () => {
      const resources: Resource[] = [];
      for await (const vm of this.ctx.compute.virtualMachines.listAll()) {
        // List results carry no power state; one GET with the instance view per VM supplies it.
        resources.push(await this.getResource(vm.id ?? ''));
      }
      return resources;
    });
  }

  async getResource(id: string): Promise<Resource> {
    return vmToResource(await readVm(this.ctx, parseVmId(id), id), this.ctx.subscriptionId);
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    const resource = await this.getResource(id);
    const size = azureCatalog().find((c) => c.sku === resource.sku && c.region === resource.region);
    return vmUtilization(this.ctx.monitor, id, window, {
      memoryGiB: size?.memoryGiB,
      bandwidthBitsPerSecond: azureBandwidthBitsPerSecond(resource.sku, size?.vcpu, this.networkBandwidthMbps),
    });
  }

  async catalog(): Promise<CatalogEntry[]> {
    return azureCatalog();
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.ctx.clock(), 'plan');
    this.assertAzure(action);
    const steps = action.type === 'resize' ? resizeSteps(action, await assessResize(this.ctx, action)) : await assessPower(this.ctx, action);
    return { action, steps, validatedBy: 'azure: VM re-read (size, power state, etag) and target size checked with listAvailableSizes; ARM has no dry-run' };
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    assertTicketCovers(ticket, action, this.ctx.clock());
    this.assertAzure(action);
    const key = ticket.idempotencyKey;
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
    for await (const vm of this.ctx.compute.virtualMachines.listAll()) {
      const marker = readMarker(vm.tags, idempotencyKey);
      if (marker?.status === 'done' && vm.id) return resultFromMarker(actionFromMarker('azure', marker, vm.id, vm.location), marker, false);
    }
    return undefined;
  }

  private assertAzure(action: Action): void {
    if (action.provider !== 'azure')
      throw new AzureOperationError(action.type, action.resourceId, `this is the Azure adapter; the action is for ${action.provider}`);
    if (!['resize', 'stop', 'start'].includes(action.type))
      throw new AzureOperationError(action.type, action.resourceId, `${action.type} is not implemented for Azure`);
  }
}
