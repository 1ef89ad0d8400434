import { createHash } from 'node:crypto';
import type {
  AddressesClient,
  DisksClient,
  InstancesClient,
  MachineTypesClient,
  RegionOperationsClient,
  SnapshotsClient,
  ZoneOperationsClient,
} from '@google-cloud/compute';
import type { MetricServiceClient } from '@google-cloud/monitoring';
import { GcpOperationError, gcpErrorText, isNotFound } from './errors.js';
import { instanceId, type InstanceRef } from './instance-ref.js';

export interface GcpContext {
  instances: InstancesClient;
  machineTypes: MachineTypesClient;
  zoneOperations: ZoneOperationsClient;
  metrics: MetricServiceClient;
  disks: DisksClient;
  snapshots: SnapshotsClient;
  addresses: AddressesClient;
  regionOperations: RegionOperationsClient;
  clock: () => string;
  operationTimeoutMs: number;
}

export class InstanceNotFound extends GcpOperationError {
  override name = 'InstanceNotFound';
}

/** A UUID (the format GCE's requestId wants) derived from the idempotency key and the step, so a retried call repeats it exactly. */
export function requestIdFor(idempotencyKey: string, step: string): string {
  const hex = createHash('sha256').update(`${idempotencyKey}:${step}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function readInstance(ctx: GcpContext, ref: InstanceRef) {
  try {
    const [instance] = await ctx.instances.get({ ...ref });
    return instance;
  } catch (error) {
    if (isNotFound(error)) throw new InstanceNotFound('instances.get', instanceId(ref), 'not found in this project and zone', { cause: error });
    throw new GcpOperationError('instances.get', instanceId(ref), gcpErrorText(error), { cause: error });
  }
}

interface ZoneOperation {
  name?: string | null;
  status?: string | number | null;
  error?: { errors?: { code?: string | null; message?: string | null }[] | null } | null;
}

/** Starts a zonal mutation and polls zoneOperations.wait until the operation is DONE, surfacing its error. */
export async function runZoneOperation(
  ctx: GcpContext,
  ref: InstanceRef,
  operation: string,
  start: () => Promise<[{ latestResponse: unknown }, ...unknown[]]>,
): Promise<void> {
  await runZonalOperation(ctx, ref, instanceId(ref), operation, start);
}

/** A zonal mutation on any zonal resource (disks), named by `id` in errors. */
export async function runZonalOperation(
  ctx: GcpContext,
  scope: { project: string; zone: string },
  id: string,
  operation: string,
  start: () => Promise<[{ latestResponse: unknown }, ...unknown[]]>,
): Promise<void> {
  await runOperation(
    ctx,
    id,
    operation,
    start,
    (name) => ctx.zoneOperations.wait({ project: scope.project, zone: scope.zone, operation: name }) as Promise<[ZoneOperation, ...unknown[]]>,
  );
}

/** The same for a regional mutation (addresses), polled through regionOperations.wait. */
export async function runRegionOperation(
  ctx: GcpContext,
  scope: { project: string; region: string },
  id: string,
  operation: string,
  start: () => Promise<[{ latestResponse: unknown }, ...unknown[]]>,
): Promise<void> {
  await runOperation(
    ctx,
    id,
    operation,
    start,
    (name) => ctx.regionOperations.wait({ project: scope.project, region: scope.region, operation: name }) as Promise<[ZoneOperation, ...unknown[]]>,
  );
}

async function runOperation(
  ctx: GcpContext,
  id: string,
  operation: string,
  start: () => Promise<[{ latestResponse: unknown }, ...unknown[]]>,
  wait: (name: string) => Promise<[ZoneOperation, ...unknown[]]>,
): Promise<void> {
  let op: ZoneOperation;
  try {
    op = (await start())[0].latestResponse as ZoneOperation;
  } catch (error) {
    throw new GcpOperationError(operation, id, gcpErrorText(error), { cause: error });
  }
  const deadline = Date.now() + ctx.operationTimeoutMs;
  while (op.status !== 'DONE') {
    if (Date.now() > deadline) throw new GcpOperationError(operation, id, `operation ${op.name} not DONE after ${ctx.operationTimeoutMs} ms`);
    [op] = await wait(op.name ?? '');
  }
  const failure = op.error?.errors?.[0];
  if (failure) throw new GcpOperationError(operation, id, `${failure.code ?? 'error'}: ${failure.message ?? ''}`);
}
