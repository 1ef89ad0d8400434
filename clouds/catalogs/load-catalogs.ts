import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../../core/index.js';
import { awsEc2Catalog } from './aws-ec2.js';
import { azureVmCatalog } from './azure-vm.js';
import { GCE_PRICE_REGION, gcpGceCatalog } from './gcp-gce.js';

const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

/**
 * The real list-price catalogs in the shared data folder (README there names the sources).
 * GCE's prices are for one region (us-central1); its file carries no date, so its entries say `undated`.
 */
export function loadCatalogs(dataDir: string): CatalogEntry[] {
  return [
    ...awsEc2Catalog(
      readJson(dataDir, 'pricing/aws_ec2_ondemand_us-east-1_karpenter.json'),
      readJson(dataDir, 'specs/aws_ec2_instance_types_cluster_autoscaler.json'),
    ),
    ...azureVmCatalog(
      readJson(dataDir, 'pricing/azure_vm_ondemand_3regions_karpenter.json'),
      readJson(dataDir, 'specs/azure_vm_sizes_cluster_autoscaler.json'),
    ),
    ...gcpGceCatalog(readJson(dataDir, 'pricing/gcp_gce_prices_cluster_autoscaler.json'), [GCE_PRICE_REGION]),
  ];
}
