import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import { awsCatalogFor, type AwsPriceList } from '../pricing/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { actionFromMarker, resultFromMarker } from '../applied-marker.js';
import { readMarker } from './applied-marker.js';
import { deleteUnattachedVolume } from './delete-volume.js';
import { AwsOperationError } from './errors.js';
import { describeInstance, getInventoryResource, listInventory, ResourceNotFound } from './inventory.js';
import type { Ec2Mutation, MutationContext } from './mutation-context.js';
import { startInstance, stopInstance } from './power.js';
import { releaseUnassociatedAddress } from './release-address.js';
import { resizeInstance } from './resize.js';
import { instanceUtilization } from './utilization.js';

export interface AwsCloudOptions {
  region: string;
  /** The account id reported on resources when EC2 does not say (volumes, addresses). */
  account?: string;
  /** Endpoint override: a moto server in tests, a VPC endpoint in production. */
  endpoint?: string;
  /** Omit to use the SDK's default chain (environment, profile, instance role). */
  credentials?: EC2ClientConfig['credentials'];
  clock?: () => string;
  waiterMaxSeconds?: number;
  waiterMinDelaySeconds?: number;
  /** Prices for regions the bundled snapshot lacks (it has us-east-1 only): the AWS Price List API, cached. */
  priceList?: AwsPriceList;
}

const MUTATIONS: Partial<Record<Action['type'], Ec2Mutation>> = {
  resize: resizeInstance,
  stop: stopInstance,
  start: startInstance,
  'delete-volume': deleteUnattachedVolume,
  'release-address': releaseUnassociatedAddress,
};

/**
 * AWS behind the CloudProvider interface: EC2 inventory, CloudWatch utilization, the EC2 list-price
 * catalog, and mutations that re-check their ticket, dry-run every EC2 write, and record their
 * idempotency key on the resource so a retry from any process applies nothing twice.
 */
export class AwsCloud implements CloudProvider {
  readonly provider = 'aws' as const;
  private readonly ctx: MutationContext;
  private readonly cloudwatch: CloudWatchClient;
  /** Results of releases in this process: a released address cannot carry a marker tag. */
  private readonly releasedHere = new Map<string, MutationResult>();

  constructor(private readonly options: AwsCloudOptions) {
    const shared = {
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    this.cloudwatch = new CloudWatchClient(shared);
    this.ctx = {
      ec2: new EC2Client(shared),
      region: options.region,
      account: options.account ?? 'unknown',
      clock: options.clock ?? (() => new Date().toISOString()),
      waiterMaxSeconds: options.waiterMaxSeconds ?? 600,
      waiterMinDelaySeconds: options.waiterMinDelaySeconds ?? 5,
    };
  }

  listResources(): Promise<Resource[]> {
    return listInventory(this.ctx);
  }

  getResource(id: string): Promise<Resource> {
    return getInventoryResource(this.ctx, id);
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    const instance = await describeInstance(this.ctx, id);
    return instanceUtilization({ ec2: this.ctx.ec2, cloudwatch: this.cloudwatch }, id, instance.InstanceType ?? 'unknown', window);
  }

  async catalog(): Promise<CatalogEntry[]> {
    return awsCatalogFor(this.options.region, this.options.priceList);
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.ctx.clock(), 'plan');
    const steps = await this.mutationFor(action).plan(this.ctx, action);
    return { action, steps, validatedBy: `aws ec2 DryRun=true on every write (${this.options.region}); resource state and type re-read` };
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    assertTicketCovers(ticket, action, this.ctx.clock());
    const key = ticket.idempotencyKey;
    const mutation = this.mutationFor(action);
    const known = this.releasedHere.get(key);
    if (known) return { ...known, appliedNow: false };
    const marker = await readMarker(this.ctx.ec2, key);
    if (marker?.status === 'done') return resultFromMarker(action, marker, false);
    try {
      const done = await mutation.apply(this.ctx, action, key, marker);
      const result = resultFromMarker(action, done, true);
      if (action.type === 'release-address') this.releasedHere.set(key, result);
      return result;
    } catch (error) {
      if (action.type === 'release-address' && error instanceof ResourceNotFound) {
        // No allocation left to release: the goal state holds; nothing was changed now.
        return { action, idempotencyKey: key, appliedNow: false, priorSku: 'unknown', currentSku: 'released', at: this.ctx.clock() };
      }
      throw error;
    }
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
    const known = this.releasedHere.get(idempotencyKey);
    if (known) return { ...known, appliedNow: false };
    const marker = await readMarker(this.ctx.ec2, idempotencyKey);
    if (marker?.status !== 'done') return undefined;
    return resultFromMarker(actionFromMarker('aws', marker, marker.resourceId, this.options.region), marker, false);
  }

  private mutationFor(action: Action): Ec2Mutation {
    if (action.provider !== 'aws') throw new AwsOperationError(action.type, action.resourceId, `this is the AWS adapter; the action is for ${action.provider}`);
    if (action.region !== this.options.region) {
      throw new AwsOperationError(action.type, action.resourceId, `the action is for region ${action.region}, this adapter serves ${this.options.region}`);
    }
    const mutation = MUTATIONS[action.type];
    if (!mutation) throw new AwsOperationError(action.type, action.resourceId, `${action.type} is not implemented for AWS`);
    return mutation;
  }
}
