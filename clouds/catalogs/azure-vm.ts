import type { CatalogEntry } from '../../core/index.js';
import { joinPricesWithSpecs, type MachineSpec, type RegionalPrices } from './price-spec-join.js';

interface AzureSpecs {
  instance_types: Record<string, MachineSpec>;
}

/** `Standard_D4as_v5` → series D, generation 5, vendor amd; `p` in the suffix is Ampere (Arm), otherwise Intel. */
export function describeAzureSize(sku: string): { series: string; generation?: number; processorVendor: string } {
  const match = /^Standard_([A-Z]+)\d+([a-z-]*)(?:_v(\d+))?/.exec(sku);
  if (!match) return { series: sku, processorVendor: 'intel' };
  const suffix = match[2]!;
  const processorVendor = suffix.includes('p') ? 'ampere' : suffix.includes('a') ? 'amd' : 'intel';
  return { series: match[1]!, generation: match[3] ? Number(match[3]) : 1, processorVendor };
}

/** Azure list prices per region joined with VM size specs; the SKU family is Azure's own. */
export function azureVmCatalog(pricing: RegionalPrices, specs: AzureSpecs): CatalogEntry[] {
  return joinPricesWithSpecs('azure', pricing, specs.instance_types, (sku, spec) => ({ family: spec.SkuFamily ?? sku, ...describeAzureSize(sku) }));
}
