import type { CatalogEntry } from '../../core/index.js';
import { gcpGceCatalog, type GcePricing } from '../catalogs/gcp-gce.js';
import { dataFile } from './data-dir.js';
import { readJsonOnce } from './read-json.js';

/**
 * GCE on-demand list prices (region-independent in the source) for each region asked for.
 * The entries are clouds/catalogs' (one machine-type parser, one price rule, the same date);
 * this adds the data folder lookup and the once-per-process read.
 */
export function gcpCatalog(regions: readonly string[]): CatalogEntry[] {
  return gcpGceCatalog(readJsonOnce<GcePricing>(dataFile('pricing', 'gcp_gce_prices_cluster_autoscaler.json')), regions);
}
