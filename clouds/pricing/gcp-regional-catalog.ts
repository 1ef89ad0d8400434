import type { CatalogEntry } from '../../core/index.js';
import { gceCatalogFromRates } from '../catalogs/gcp-gce-rates.js';
import { GCE_PRICE_REGION, type GcePricing } from '../catalogs/gcp-gce.js';
import { NoPricesForRegion } from './aws-regional-catalog.js';
import { dataFile } from './data-dir.js';
import { gcpCatalog } from './gcp-catalog.js';
import type { GcpBillingCatalog } from './gcp-billing-catalog.js';
import { readJsonOnce } from './read-json.js';

/**
 * GCE list prices for the regions asked for: the bundled snapshot for the region it was taken in
 * (us-central1), the Cloud Billing Catalog (cached with its date) for any other when configured,
 * else NoPricesForRegion: us-central1's prices are never reused for another region.
 */
export async function gcpCatalogFor(regions: readonly string[], billing?: GcpBillingCatalog): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const region of [...new Set(regions)].sort()) {
    if (region === GCE_PRICE_REGION) {
      entries.push(...gcpCatalog([region]));
      continue;
    }
    if (!billing) {
      throw new NoPricesForRegion(
        'gcp',
        region,
        [GCE_PRICE_REGION],
        'add clouds.gcp.billingCatalog to the config (the Cloud Billing Catalog API) or leave the region out (docs/clouds.md, Prices)',
      );
    }
    // The machine types the bundled file lists are the ones priced; the region's own rates price them.
    const types = Object.keys(readJsonOnce<GcePricing>(dataFile('pricing', 'gcp_gce_prices_cluster_autoscaler.json')).data.instancePrices);
    entries.push(...gceCatalogFromRates(await billing.ratesFor(region), types));
  }
  return entries;
}
