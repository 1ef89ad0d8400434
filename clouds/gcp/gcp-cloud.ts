import {
  AddressesClient,
  DisksClient,
  InstancesClient,
  MachineTypesClient,
  RegionOperationsClient,
  SnapshotsClient,
  ZoneOperationsClient,
} from '@google-cloud/compute';
import { MetricServiceClient } from '@google-cloud/monitoring';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import { gcpCatalog, gcpCatalogFor, type GcpBillingCatalog } from '../pricing/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { actionFromMarker, resultFromMarker } from '../applied-marker.js';
import { AddressNotFound, addressToResource, isExternal, planRelease, readAddress, releaseAddress } from './addresses.js';
import { readMarker } from './applied-marker.js';
import { applyDiskDeletion, diskToResource, findDiskDeletion, planDiskDeletion, readDisk } from './disks.js';
import { isAddressId, isDiskId, parseAddressId, parseDiskId } from './resource-ref.js';
import { GcpOperationError, gcpErrorText } from './errors.js';
import { readInstance, type GcpContext } from './gcp-context.js';
import { instanceId, lastSegment, parseInstanceId, regionOfZone } from './instance-ref.js';
import { instanceToResource } from './inventory.js';
import { applyAction, planSteps, validate } from './mutations.js';
import type { StaticTokenAuth } from './static-token-auth.js';
import { gceBandwidthBitsPerSecond } from './network-bandwidth.js';
import { instanceUtilization } from './utilization.js';

type ClientOptions = NonNullable<ConstructorParameters<typeof InstancesClient>[0]>;

export interface GcpCloudOptions {
  project: string;
  /** Host (and port) of a Compute/Monitoring REST endpoint override, e.g. a loopback server in tests. */
  apiEndpoint?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** A fixed-token auth for loopback servers; omit for Application Default Credentials. */
  auth?: StaticTokenAuth;
  clock?: () => string;
  operationTimeoutMs?: number;
  /** Published egress bandwidth per machine type (Gbps); types not named get the lower bound in network-bandwidth.ts. */
  networkBandwidthGbps?: Record<string, number>;
  /** Rates for regions other than us-central1 (the bundled snapshot's); without it those regions have no price (NoPricesForRegion). */
  billingCatalog?: GcpBillingCatalog;
}

/**
 * GCP behind the CloudProvider interface, over the libraries' REST transport: Compute Engine
 * inventory, Cloud Monitoring utilization, the GCE list-price catalog, and stop →
 * setMachineType → start with zone-operation polling, validation before every write, requestIds
 * and an idempotency marker in instance metadata.
 */
export class GcpCloud implements CloudProvider {
  readonly provider = 'gcp' as const;
  private readonly ctx: GcpContext;
  /** Results of releases in this process: a deleted address cannot carry a marker. */
  private readonly releasedHere = new Map<string, MutationResult>();

  constructor(private readonly options: GcpCloudOptions) {
    const clientOptions: ClientOptions = {
      fallback: true,
      projectId: options.project,
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
      // Duck-typed: the REST transport calls only getRequestHeaders() and fetch() on it.
      ...(options.auth ? { authClient: options.auth as unknown as ClientOptions['authClient'] } : {}),
    };
    this.ctx = {
      instances: new InstancesClient(clientOptions),
      machineTypes: new MachineTypesClient(clientOptions),
      zoneOperations: new ZoneOperationsClient(clientOptions),
      metrics: new MetricServiceClient(clientOptions as ConstructorParameters<typeof MetricServiceClient>[0]),
      disks: new DisksClient(clientOptions),
      snapshots: new SnapshotsClient(clientOptions),
      addresses: new AddressesClient(clientOptions),
      regionOperations: new RegionOperationsClient(clientOptions),
      clock: options.clock ?? (() => new Date().toISOString()),
      operationTimeoutMs: options.operationTimeoutMs ?? 600_000,
    };
  }

  async listResources(): Promise<Resource[]> {
    const { project } = this.options;
    const resources: Resource[] = [];
    const read = async (operation: string, list: () => Promise<void>) => {
      try {
        await list();
      } catch (error) {
        throw new GcpOperationError(operation, `projects/${project}`, gcpErrorText(error), { cause: error });
      }
    };
    // Sign in first, awaited: every generated method also calls initialize() and rethrows its failure
    // from a detached promise, so missing credentials would otherwise end the process as an
    // unhandled rejection instead of failing this call.
    await read('sign-in', async () => {
      await Promise.all([this.ctx.instances.initialize(), this.ctx.disks.initialize(), this.ctx.addresses.initialize()]);
    });
    await read('instances.aggregatedList', async () => {
      for await (const [, scoped] of this.ctx.instances.aggregatedListAsync({ project })) {
        for (const instance of scoped.instances ?? []) resources.push(instanceToResource(instance, project));
      }
    });
    await read('disks.aggregatedList', async () => {
      // Zonal disks only: regional (replicated) disks are left out for now.
      for await (const [scope, scoped] of this.ctx.disks.aggregatedListAsync({ project })) {
        if (scope.startsWith('zones/')) for (const disk of scoped.disks ?? []) resources.push(diskToResource(disk, project));
      }
    });
    await read('addresses.aggregatedList', async () => {
      for await (const [, scoped] of this.ctx.addresses.aggregatedListAsync({ project })) {
        for (const address of scoped.addresses ?? []) if (isExternal(address)) resources.push(addressToResource(address, project));
      }
    });
    return resources;
  }

  async getResource(id: string): Promise<Resource> {
    if (isDiskId(id)) return diskToResource(await readDisk(this.ctx, parseDiskId(id)), parseDiskId(id).project);
    if (isAddressId(id)) return addressToResource(await readAddress(this.ctx, parseAddressId(id)), parseAddressId(id).project);
    const ref = parseInstanceId(id);
    return instanceToResource(await readInstance(this.ctx, ref), ref.project);
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    const ref = parseInstanceId(id);
    const instance = await readInstance(this.ctx, ref);
    const machineType = lastSegment(instance.machineType);
    const vcpu = gcpCatalog([regionOfZone(ref.zone)]).find((c) => c.sku === machineType)?.vcpu;
    const bandwidth = gceBandwidthBitsPerSecond(machineType, vcpu, this.options.networkBandwidthGbps);
    return instanceUtilization(this.ctx.metrics, ref.project, String(instance.id ?? ''), window, id, bandwidth);
  }

  /** List prices for the regions the project has instances in. */
  async catalog(): Promise<CatalogEntry[]> {
    const regions = new Set((await this.listResources()).filter((r) => r.kind === 'vm').map((r) => r.region));
    return this.catalogFor([...regions]);
  }

  /** List prices for these regions: the bundled us-central1 snapshot, else the billing catalog, else NoPricesForRegion. */
  catalogFor(regions: readonly string[]): Promise<CatalogEntry[]> {
    return gcpCatalogFor(regions, this.options.billingCatalog);
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.ctx.clock(), 'plan');
    if (action.type === 'delete-volume' || action.type === 'release-address') {
      this.assertGcp(action);
      const steps = action.type === 'delete-volume' ? await planDiskDeletion(this.ctx, action) : await planRelease(this.ctx, action);
      const what = action.type === 'delete-volume' ? 'disk re-read (no users)' : 'address re-read (status RESERVED, no users)';
      return { action, steps, validatedBy: `gcp: ${what}; GCE has no dry-run` };
    }
    const ref = this.refFor(action);
    const instance = await validate(this.ctx, ref, action);
    return {
      action,
      steps: planSteps(action, instance),
      validatedBy: 'gcp: instance re-read (machine type, status) and target machine type found in the zone; GCE has no dry-run',
    };
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    assertTicketCovers(ticket, action, this.ctx.clock());
    if (action.type === 'delete-volume') {
      this.assertGcp(action);
      const { marker, appliedNow } = await applyDiskDeletion(this.ctx, action, ticket.idempotencyKey);
      return resultFromMarker(action, marker, appliedNow);
    }
    if (action.type === 'release-address') return this.release(action, ticket.idempotencyKey);
    const { marker, appliedNow } = await applyAction(this.ctx, this.refFor(action), action, ticket.idempotencyKey);
    return resultFromMarker(action, marker, appliedNow);
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
    const released = this.releasedHere.get(idempotencyKey);
    if (released) return { ...released, appliedNow: false };
    const deletion = await findDiskDeletion(this.ctx, this.options.project, idempotencyKey);
    if (deletion) {
      const region = regionOfZone(parseDiskId(deletion.diskId).zone);
      return resultFromMarker(actionFromMarker('gcp', deletion.marker, deletion.diskId, region), deletion.marker, false);
    }
    for await (const [, scoped] of this.ctx.instances.aggregatedListAsync({ project: this.options.project })) {
      for (const instance of scoped.instances ?? []) {
        const marker = readMarker(instance.metadata?.items, idempotencyKey);
        if (marker?.status !== 'done') continue;
        const zone = lastSegment(instance.zone);
        const id = instanceId({ project: this.options.project, zone, instance: instance.name ?? '' });
        return resultFromMarker(actionFromMarker('gcp', marker, id, regionOfZone(zone)), marker, false);
      }
    }
    return undefined;
  }

  /** Deletes a RESERVED address once: a retry here returns the remembered result; elsewhere, the address being gone means done. */
  private async release(action: Action, key: string): Promise<MutationResult> {
    this.assertGcp(action);
    const known = this.releasedHere.get(key);
    if (known) return { ...known, appliedNow: false };
    try {
      const address = await releaseAddress(this.ctx, action, key);
      const result: MutationResult = { action, idempotencyKey: key, appliedNow: true, priorSku: address, currentSku: 'released', at: this.ctx.clock() };
      this.releasedHere.set(key, result);
      return result;
    } catch (error) {
      if (error instanceof AddressNotFound)
        return { action, idempotencyKey: key, appliedNow: false, priorSku: 'unknown', currentSku: 'released', at: this.ctx.clock() };
      throw error;
    }
  }

  private assertGcp(action: Action): void {
    if (action.provider !== 'gcp') throw new GcpOperationError(action.type, action.resourceId, `this is the GCP adapter; the action is for ${action.provider}`);
    if (action.type === 'delete-volume') parseDiskId(action.resourceId);
    if (action.type === 'release-address') parseAddressId(action.resourceId);
  }

  private refFor(action: Action) {
    if (action.provider !== 'gcp') throw new GcpOperationError(action.type, action.resourceId, `this is the GCP adapter; the action is for ${action.provider}`);
    if (!['resize', 'stop', 'start'].includes(action.type))
      throw new GcpOperationError(action.type, action.resourceId, `${action.type} is not implemented for GCP`);
    return parseInstanceId(action.resourceId);
  }
}
