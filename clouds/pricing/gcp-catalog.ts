import type { CatalogEntry } from '../../core/index.js';
import { dataFile } from './data-dir.js';
import { gceMachineShape } from './gce-machine-type.js';
import { readJsonOnce } from './read-json.js';

interface GcpPriceFile {
  data: { instancePrices: Record<string, number> };
}

/** The GCE snapshot carries no date: its entries say so instead of pretending to one. */
export const GCP_CATALOG_DATE = 'undated (cluster-autoscaler list prices)';

/**
 * GCE on-demand list prices (region-independent in the source) repeated for each region asked
 * for, with vCPU/memory/GPU derived from machine-type names. All GCE families listed are x86_64.
 */
export function gcpCatalog(regions: readonly string[]): CatalogEntry[] {
  const prices = readJsonOnce<GcpPriceFile>(dataFile('pricing', 'gcp_gce_prices_cluster_autoscaler.json')).data.instancePrices;
  const entries: CatalogEntry[] = [];
  for (const [sku, hourlyUsd] of Object.entries(prices)) {
    const shape = gceMachineShape(sku);
    if (!shape) continue;
    for (const region of regions) {
      entries.push({ provider: 'gcp', region, sku, ...shape, architecture: 'x86_64', hourlyUsd, catalogDate: GCP_CATALOG_DATE });
    }
  }
  return entries;
}
