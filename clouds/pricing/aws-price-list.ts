import { GetProductsCommand, PricingClient, type Filter, type PricingClientConfig } from '@aws-sdk/client-pricing';
import type { RegionalPrices } from '../catalogs/price-spec-join.js';
import { RegionCache } from './region-cache.js';

export interface AwsPriceListOptions {
  /** The Price List API endpoint (us-east-1 by default); a loopback server in tests. */
  endpoint?: string;
  /** Omit for the SDK's default chain; the API needs pricing:GetProducts only. */
  credentials?: PricingClientConfig['credentials'];
  /** Where fetched regions are kept, one JSON file each, with the date they were fetched. */
  cacheDir: string;
  /** A cached region older than this is fetched again. */
  maxAgeDays?: number;
  clock?: () => string;
}

/** A region's EC2 Linux on-demand prices as the API gave them, with when they were published and fetched. */
export interface CachedRegionPrices extends RegionalPrices {
  fetched_at: string;
  source: 'aws-price-list-api';
}

interface PriceListItem {
  product?: { attributes?: Record<string, string> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }> };
  publicationDate?: string;
}

/** The filters that leave one price per instance type: Linux, shared tenancy, no pre-installed software, the instance itself. */
function filtersFor(region: string): Filter[] {
  const match = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });
  return [
    match('regionCode', region),
    match('operatingSystem', 'Linux'),
    match('tenancy', 'Shared'),
    match('preInstalledSw', 'NA'),
    match('capacitystatus', 'Used'),
    match('licenseModel', 'No License required'),
  ];
}

/** The hourly USD on-demand price of one price-list item, if it has exactly what we filtered for. */
function hourlyUsd(item: PriceListItem): number | undefined {
  for (const term of Object.values(item.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dimension.pricePerUnit?.USD);
      if (dimension.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}

/**
 * EC2 list prices for any region from the AWS Price List Query API (GetProducts), cached per region
 * in `cacheDir` with the fetch date; the catalog date is the newest `publicationDate` in the answer.
 */
export class AwsPriceList {
  private readonly client: PricingClient;
  private readonly clock: () => string;
  private readonly cache: RegionCache<CachedRegionPrices>;

  constructor(private readonly options: AwsPriceListOptions) {
    this.client = new PricingClient({
      region: 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.cache = new RegionCache(options.cacheDir, 'aws-ec2', (cached, region) => Boolean(cached.prices?.[region]));
  }

  /** The region's prices: from the cache while it is fresh, else from the API (then cached). */
  async pricesFor(region: string): Promise<CachedRegionPrices> {
    const cached = this.cache.fresh(region, this.clock(), (this.options.maxAgeDays ?? 7) * 86_400_000);
    if (cached) return cached;
    const fetched = await this.fetch(region);
    this.cache.write(region, fetched);
    return fetched;
  }

  private async fetch(region: string): Promise<CachedRegionPrices> {
    const prices: Record<string, number> = {};
    let published = '';
    let NextToken: string | undefined;
    do {
      const out = await this.client.send(
        new GetProductsCommand({ ServiceCode: 'AmazonEC2', Filters: filtersFor(region), FormatVersion: 'aws_v1', MaxResults: 100, NextToken }),
      );
      for (const text of out.PriceList ?? []) {
        // Each entry is a JSON document as a string (the SDK may wrap it in a LazyJsonString).
        const item = JSON.parse(String(text)) as PriceListItem;
        const type = item.product?.attributes?.instanceType;
        const usd = hourlyUsd(item);
        if (type && usd !== undefined) prices[type] = usd;
        if (item.publicationDate && item.publicationDate > published) published = item.publicationDate;
      }
      NextToken = out.NextToken;
    } while (NextToken);
    if (Object.keys(prices).length === 0) {
      throw new Error(
        `the AWS Price List API has no EC2 Linux on-demand prices for region ${region}: check the region code (e.g. eu-west-1), or that the pricing:GetProducts permission is granted`,
      );
    }
    const at = this.clock();
    return { source: 'aws-price-list-api', generated_at: published || at, fetched_at: at, prices: { [region]: prices } };
  }
}
