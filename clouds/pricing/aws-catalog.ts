import type { CatalogEntry } from '../../core/index.js';
import { dataFile } from './data-dir.js';
import { architectureOf, type SpecFile } from './machine-spec.js';
import { readJsonOnce } from './read-json.js';

interface AwsPriceFile {
  generated_at: string;
  prices: Record<string, Record<string, number>>;
}

/** EC2 Linux on-demand list prices joined with vCPU/memory/GPU specs; types missing either are left out. */
export function awsCatalog(): CatalogEntry[] {
  const prices = readJsonOnce<AwsPriceFile>(dataFile('pricing', 'aws_ec2_ondemand_us-east-1_karpenter.json'));
  const specs = readJsonOnce<SpecFile>(dataFile('specs', 'aws_ec2_instance_types_cluster_autoscaler.json')).instance_types;
  const catalogDate = prices.generated_at.slice(0, 10);
  const entries: CatalogEntry[] = [];
  for (const [region, byType] of Object.entries(prices.prices)) {
    for (const [sku, hourlyUsd] of Object.entries(byType)) {
      const spec = specs[sku];
      if (!spec || spec.VCPU <= 0 || spec.MemoryMb <= 0) continue;
      entries.push({
        provider: 'aws',
        region,
        sku,
        family: sku.split('.')[0] ?? sku,
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
