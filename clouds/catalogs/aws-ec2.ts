import type { CatalogEntry } from '../../core/index.js';

interface AwsPricing {
  generated_at: string;
  prices: Record<string, Record<string, number>>;
}
interface AwsSpecs {
  instance_types: Record<string, { VCPU: number; MemoryMb: number; GPU: number; Architecture: string }>;
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
export function awsEc2Catalog(pricing: AwsPricing, specs: AwsSpecs): CatalogEntry[] {
  const catalogDate = pricing.generated_at.slice(0, 10);
  return Object.entries(pricing.prices).flatMap(([region, prices]) =>
    Object.entries(prices).flatMap(([sku, hourlyUsd]) => {
      const spec = specs.instance_types[sku];
      if (!spec || spec.VCPU <= 0 || spec.MemoryMb <= 0) return [];
      const family = sku.split('.')[0]!;
      const { series, generation, processorVendor } = describeAwsFamily(family);
      return [
        {
          provider: 'aws' as const,
          region,
          sku,
          family,
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
