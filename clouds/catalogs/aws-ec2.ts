import type { CatalogEntry } from '../../core/index.js';
import { joinPricesWithSpecs, type MachineSpec, type RegionalPrices } from './price-spec-join.js';

interface AwsSpecs {
  instance_types: Record<string, MachineSpec>;
}

/** `m6g.large` → family m6g, series m, generation 6, vendor aws (Graviton); suffix a = AMD, i or none = Intel. */
export function describeAwsFamily(family: string): { series: string; generation?: number; processorVendor: string } {
  const match = /^([a-z]+?)(\d+)([a-z-]*)$/.exec(family);
  if (!match) return { series: family, processorVendor: 'intel' };
  const suffix = match[3]!;
  const processorVendor = suffix.includes('g') ? 'aws' : suffix.startsWith('a') ? 'amd' : 'intel';
  return { series: match[1]!, generation: Number(match[2]), processorVendor };
}

/** EC2 list prices joined with instance specs; types missing from either side are left out. */
export function awsEc2Catalog(pricing: RegionalPrices, specs: AwsSpecs): CatalogEntry[] {
  return joinPricesWithSpecs('aws', pricing, specs.instance_types, (sku) => {
    const family = sku.split('.')[0]!;
    return { family, ...describeAwsFamily(family) };
  });
}
