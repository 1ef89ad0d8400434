import type { CatalogEntry } from '../../core/index.js';

interface AzurePricing {
  generated_at: string;
  prices: Record<string, Record<string, number>>;
}
interface AzureSpecs {
  instance_types: Record<string, { SkuFamily?: string; VCPU: number; MemoryMb: number; GPU: number; Architecture: string }>;
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
export function azureVmCatalog(pricing: AzurePricing, specs: AzureSpecs): CatalogEntry[] {
  const catalogDate = pricing.generated_at.slice(0, 10);
  return Object.entries(pricing.prices).flatMap(([region, prices]) =>
    Object.entries(prices).flatMap(([sku, hourlyUsd]) => {
      const spec = specs.instance_types[sku];
      if (!spec || spec.VCPU <= 0 || spec.MemoryMb <= 0) return [];
      const { series, generation, processorVendor } = describeAzureSize(sku);
      return [
        {
          provider: 'azure' as const,
          region,
          sku,
          family: spec.SkuFamily ?? sku,
          vcpu: spec.VCPU,
          memoryGiB: spec.MemoryMb / 1024,
          architecture: spec.Architecture === 'arm64' ? ('arm64' as const) : ('x86_64' as const),
          gpu: spec.GPU,
          hourlyUsd,
          catalogDate,
          processorVendor,
          series,
          ...(generation === undefined ? {} : { generation }),
        },
      ];
    }),
  );
}
