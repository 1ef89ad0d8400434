import type { CatalogEntry } from '../../core/index.js';
import { dataFile } from './data-dir.js';
import { architectureOf, type SpecFile } from './machine-spec.js';
import { readJsonOnce } from './read-json.js';

interface AzurePriceFile {
  generated_at: string;
  prices: Record<string, Record<string, number>>;
}

/** Azure VM on-demand (Linux) prices per region joined with size specs; sizes missing either are left out. */
export function azureCatalog(): CatalogEntry[] {
  const prices = readJsonOnce<AzurePriceFile>(dataFile('pricing', 'azure_vm_ondemand_3regions_karpenter.json'));
  const specs = readJsonOnce<SpecFile>(dataFile('specs', 'azure_vm_sizes_cluster_autoscaler.json')).instance_types;
  const catalogDate = prices.generated_at.slice(0, 10);
  const entries: CatalogEntry[] = [];
  for (const [region, bySize] of Object.entries(prices.prices)) {
    for (const [sku, hourlyUsd] of Object.entries(bySize)) {
      const spec = specs[sku];
      if (!spec || spec.VCPU <= 0 || spec.MemoryMb <= 0) continue;
      entries.push({
        provider: 'azure',
        region,
        sku,
        family: spec.SkuFamily ?? sku,
        vcpu: spec.VCPU,
        memoryGiB: spec.MemoryMb / 1024,
        architecture: architectureOf(spec),
        gpu: spec.GPU,
        hourlyUsd,
        catalogDate,
      });
    }
  }
  return entries;
}
