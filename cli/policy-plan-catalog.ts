import { awsCatalog, azureCatalog, gcpCatalog } from '../clouds/pricing/index.js';
import type { CatalogEntry } from '../core/index.js';
import { plannedVm, type TerraformPlan } from '../guardrails/index.js';

/**
 * The list-price catalogs a plan needs, read from the shared pricing snapshots (file I/O
 * stays here so guardrails/ remains pure). Only the providers the plan touches are loaded.
 */
export function catalogForPlan(plan: TerraformPlan): CatalogEntry[] {
  const vms = plan.resource_changes.flatMap((c) => [plannedVm(c.type, c.change.before, plan), plannedVm(c.type, c.change.after, plan)]);
  const providers = new Set(vms.map((vm) => vm?.provider));
  const gcpRegions = [...new Set(vms.filter((vm) => vm?.provider === 'gcp').map((vm) => vm!.region))];
  return [
    ...(providers.has('aws') ? awsCatalog() : []),
    ...(providers.has('azure') ? azureCatalog() : []),
    ...(gcpRegions.length ? gcpCatalog(gcpRegions) : []),
  ];
}
