import type { CatalogEntry } from '../../core/index.js';
import { awsEc2Catalog } from '../catalogs/aws-ec2.js';
import { dataFile } from './data-dir.js';
import { readJsonOnce } from './read-json.js';

/**
 * EC2 Linux on-demand list prices joined with vCPU/memory/GPU specs; types missing either are left out.
 * The join is clouds/catalogs' (the same entries, plus series, generation and processor vendor);
 * this adds the data folder lookup and the once-per-process read.
 */
export function awsCatalog(): CatalogEntry[] {
  return awsEc2Catalog(
    readJsonOnce<Parameters<typeof awsEc2Catalog>[0]>(dataFile('pricing', 'aws_ec2_ondemand_us-east-1_karpenter.json')),
    readJsonOnce<Parameters<typeof awsEc2Catalog>[1]>(dataFile('specs', 'aws_ec2_instance_types_cluster_autoscaler.json')),
  );
}
