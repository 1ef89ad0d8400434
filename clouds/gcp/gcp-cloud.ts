import { InstancesClient, MachineTypesClient, ZoneOperationsClient } from '@google-cloud/compute';
import { MetricServiceClient } from '@google-cloud/monitoring';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import { gcpCatalog } from '../pricing/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { actionFromMarker, resultFromMarker } from '../applied-marker.js';
import { readMarker } from './applied-marker.js';
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
      clock: options.clock ?? (() => new Date().toISOString()),
      operationTimeoutMs: options.operationTimeoutMs ?? 600_000,
    };
  }

  async listResources(): Promise<Resource[]> {
    const resources: Resource[] = [];
    try {
      for await (const [, scoped] of this.ctx.instances.aggregatedListAsync({ project: this.options.project })) {
        for (const instance of scoped.instances ?? []) resources.push(instanceToResource(instance, this.options.project));
      }
    } catch (error) {
      throw new GcpOperationError('instances.aggregatedList', `projects/${this.options.project}`, gcpErrorText(error), { cause: error });
    }
    return resources;
  }

  async getResource(id: string): Promise<Resource> {
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

  async catalog(): Promise<CatalogEntry[]> {
    const regions = new Set((await this.listResources()).map((r) => r.region));
    return gcpCatalog([...regions]);
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.ctx.clock(), 'plan');
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
    const { marker, appliedNow } = await applyAction(this.ctx, this.refFor(action), action, ticket.idempotencyKey);
    return resultFromMarker(action, marker, appliedNow);
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
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

  private refFor(action: Action) {
    if (action.provider !== 'gcp') throw new GcpOperationError(action.type, action.resourceId, `this is the GCP adapter; the action is for ${action.provider}`);
    if (!['resize', 'stop', 'start'].includes(action.type))
      throw new GcpOperationError(action.type, action.resourceId, `${action.type} is not implemented for GCP`);
    return parseInstanceId(action.resourceId);
  }
}
