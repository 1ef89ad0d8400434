import type { Provider } from '../../core/index.js';
import { stringRecord } from './plan-resource.js';
import { providerConstant, type TerraformPlan } from './terraform-plan.js';

/** A VM as one side (before or after) of a Terraform resource change describes it. */
export interface PlannedVm {
  provider: Provider;
  sku: string;
  region: string;
  tags: Record<string, string>;
}

/** The resource types the plan check understands, and where each keeps size, place and tags. */
const READERS: Record<string, (values: Record<string, unknown>, plan: TerraformPlan) => PlannedVm | undefined> = {
  aws_instance: (v, plan) =>
    vm('aws', v.instance_type, providerConstant(plan, 'aws', 'region') ?? 'us-east-1', { ...stringRecord(v.tags_all), ...stringRecord(v.tags) }),
  azurerm_linux_virtual_machine: (v) => vm('azure', v.size, normalizeAzureLocation(v.location), stringRecord(v.tags)),
  google_compute_instance: (v) => vm('gcp', lastSegment(v.machine_type), zoneToRegion(v.zone), stringRecord(v.labels)),
};

export function isVmType(type: string): boolean {
  return type in READERS;
}

/** Reads one side of a change; undefined for other resource types or values still unknown at plan time. */
export function plannedVm(type: string, values: Record<string, unknown> | null, plan: TerraformPlan): PlannedVm | undefined {
  const read = READERS[type];
  return read && values ? read(values, plan) : undefined;
}

function vm(provider: Provider, sku: unknown, region: string | undefined, tags: Record<string, string>): PlannedVm | undefined {
  return typeof sku === 'string' && sku !== '' && region !== undefined ? { provider, sku, region, tags } : undefined;
}

/** Azure accepts "East US" and "eastus" for the same region; the catalog keys the latter. */
function normalizeAzureLocation(location: unknown): string | undefined {
  return typeof location === 'string' ? location.replace(/\s/g, '').toLowerCase() : undefined;
}

/** machine_type may be a bare name or a URL ending in it. */
function lastSegment(value: unknown): string | undefined {
  return typeof value === 'string' ? value.split('/').at(-1) : undefined;
}

/** us-central1-a → us-central1. */
function zoneToRegion(zone: unknown): string | undefined {
  return typeof zone === 'string' ? zone.replace(/-[a-z]$/, '') : undefined;
}
