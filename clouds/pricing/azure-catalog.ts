import type { CatalogEntry } from '../../core/index.js';
import { azureVmCatalog } from '../catalogs/azure-vm.js';
import { dataFile } from './data-dir.js';
import { readJsonOnce } from './read-json.js';

/**
 * Azure VM on-demand (Linux) prices per region joined with size specs; sizes missing either are left out.
 * The join is clouds/catalogs' (the same entries, plus series, generation and processor vendor);
 * this adds the data folder lookup and the once-per-process read.
 */
export function azureCatalog(): CatalogEntry[] {
  return azureVmCatalog(
    readJsonOnce<Parameters<typeof azureVmCatalog>[0]>(dataFile('pricing', 'azure_vm_ondemand_3regions_karpenter.json')),
    readJsonOnce<Parameters<typeof azureVmCatalog>[1]>(dataFile('specs', 'azure_vm_sizes_cluster_autoscaler.json')),
  );
}
