import type { CatalogEntry, Provider } from '../../core/index.js';

/** A price file of the shared data: USD per hour by region and size, with the day it was taken. */
export interface RegionalPrices {
  generated_at: string;
  prices: Record<string, Record<string, number>>;
}

/** A size's shape as the spec files give it (Azure also names the SKU family). */
export interface MachineSpec {
  VCPU: number;
  MemoryMb: number;
  GPU: number;
  Architecture: string;
  SkuFamily?: string;
}

export interface SizeDescription {
  family: string;
  series: string;
  generation?: number;
  processorVendor: string;
}

/** List prices joined with specs, one entry per region and size; sizes missing from either side are left out. */
export function joinPricesWithSpecs(
  provider: Provider,
  pricing: RegionalPrices,
  specs: Record<string, MachineSpec>,
  describe: (sku: string, spec: MachineSpec) => SizeDescription,
): CatalogEntry[] {
  const catalogDate = pricing.generated_at.slice(0, 10);
  return Object.entries(pricing.prices).flatMap(([region, prices]) =>
    Object.entries(prices).flatMap(([sku, hourlyUsd]) => {
      const spec = specs[sku];
      if (!spec || spec.VCPU <= 0 || spec.MemoryMb <= 0) return [];
      const { family, series, generation, processorVendor } = describe(sku, spec);
      const entry: CatalogEntry = {
        provider,
        region,
        sku,
        family,
        vcpu: spec.VCPU,
        memoryGiB: spec.MemoryMb / 1024,
        architecture: spec.Architecture === 'arm64' ? 'arm64' : 'x86_64',
        gpu: spec.GPU,
        hourlyUsd,
        catalogDate,
        processorVendor,
        series,
        ...(generation === undefined ? {} : { generation }),
      };
      return [entry];
    }),
  );
}
