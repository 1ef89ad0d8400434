import { digestOf, roundCents, type Finding, type Resource } from '../core/index.js';

/**
 * Unattached volumes and unassociated addresses: billed, used by nothing. The cloud's state
 * decides (`available` with no attachment); the saving is what the cloud bills for it.
 */
export function findOrphan(resource: Resource, detectedAt: string): Finding | undefined {
  if (resource.kind === 'vm' || resource.state !== 'available' || resource.attachedTo) return undefined;
  const kind = resource.kind === 'volume' ? 'orphan-volume' : 'orphan-address';
  const monthly = roundCents(resource.monthlyCostUsd ?? 0);
  const what =
    resource.kind === 'volume' ? `unattached volume${resource.sizeGiB === undefined ? '' : ` (${resource.sizeGiB} GiB)`}` : 'unassociated IP address';
  return {
    id: `${kind}-${digestOf({ r: resource.id, day: detectedAt.slice(0, 10) }).slice(0, 12)}`,
    kind,
    provider: resource.provider,
    resourceId: resource.id,
    account: resource.account,
    region: resource.region,
    currentSku: resource.sku,
    summary: `${resource.name || resource.id} is an ${what} costing $${monthly}/month`,
    detectedAt,
    candidates: [],
    estimatedMonthlySavingsUsd: monthly,
  };
}
