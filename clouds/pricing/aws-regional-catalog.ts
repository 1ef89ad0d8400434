import type { CatalogEntry } from '../../core/index.js';
import { awsEc2Catalog } from '../catalogs/aws-ec2.js';
import { awsCatalog } from './aws-catalog.js';
import type { AwsPriceList } from './aws-price-list.js';
import { dataFile } from './data-dir.js';
import { readJsonOnce } from './read-json.js';

/** A region no price source covers: names the region and what to do. */
export class NoPricesForRegion extends Error {
  override name = 'NoPricesForRegion';
  constructor(
    readonly provider: string,
    readonly region: string,
    covered: readonly string[],
    remedy: string,
  ) {
    super(`no ${provider} list prices for region ${region}: the bundled catalog covers ${covered.join(', ') || 'no region'}; ${remedy}`);
  }
}

/**
 * EC2 list prices for one region: the bundled snapshot where it has the region, else the AWS
 * Price List API (cached with its date) when configured, else a NoPricesForRegion error.
 */
export async function awsCatalogFor(region: string, priceList?: AwsPriceList): Promise<CatalogEntry[]> {
  const bundled = awsCatalog();
  const here = bundled.filter((entry) => entry.region === region);
  if (here.length > 0) return here;
  if (!priceList) {
    const covered = [...new Set(bundled.map((e) => e.region))].sort();
    throw new NoPricesForRegion(
      'aws',
      region,
      covered,
      'give the AWS adapter a price list (AwsCloudOptions.priceList: the AWS Price List API, pricing:GetProducts) or remove the region from the configuration',
    );
  }
  const specs = readJsonOnce<Parameters<typeof awsEc2Catalog>[1]>(dataFile('specs', 'aws_ec2_instance_types_cluster_autoscaler.json'));
  return awsEc2Catalog(await priceList.pricesFor(region), specs);
}
