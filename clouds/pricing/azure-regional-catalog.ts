import type { CatalogEntry } from '../../core/index.js';
import { azureVmCatalog } from '../catalogs/azure-vm.js';
import { azureCatalog } from './azure-catalog.js';
import type { AzureRetailPrices } from './azure-retail-prices.js';
import { NoPricesForRegion } from './aws-regional-catalog.js';
import { dataFile } from './data-dir.js';
import { readJsonOnce } from './read-json.js';

/**
 * Azure VM list prices for the regions asked for: the bundled snapshot where it has the region,
 * else the Azure Retail Prices API (cached with its date) when configured, else NoPricesForRegion.
 */
export async function azureCatalogFor(regions: readonly string[], retailPrices?: AzureRetailPrices): Promise<CatalogEntry[]> {
  const bundled = azureCatalog();
  const covered = [...new Set(bundled.map((e) => e.region))].sort();
  const entries: CatalogEntry[] = [];
  for (const region of [...new Set(regions)].sort()) {
    const here = bundled.filter((entry) => entry.region === region);
    if (here.length > 0) {
      entries.push(...here);
      continue;
    }
    if (!retailPrices) {
      throw new NoPricesForRegion(
        'azure',
        region,
        covered,
        'add clouds.azure.retailPrices to the config (the public Azure Retail Prices API) or leave the region out (docs/clouds.md, Prices)',
      );
    }
    const specs = readJsonOnce<Parameters<typeof azureVmCatalog>[1]>(dataFile('specs', 'azure_vm_sizes_cluster_autoscaler.json'));
    entries.push(...azureVmCatalog(await retailPrices.pricesFor(region), specs));
  }
  return entries;
}

/** The regions the bundled Azure snapshot prices. */
export function bundledAzureRegions(): string[] {
  return [...new Set(azureCatalog().map((e) => e.region))].sort();
}
