import type { RegionalPrices } from '../catalogs/price-spec-join.js';
import { RegionCache } from './region-cache.js';

export const AZURE_RETAIL_PRICES_ENDPOINT = 'https://prices.azure.com/api/retail/prices';

export interface AzureRetailPricesOptions {
  /** The Retail Prices API (public, no auth); a loopback server in tests. */
  endpoint?: string;
  /** Where fetched regions are kept, one JSON file each, with the date they were fetched. */
  cacheDir: string;
  /** A cached region older than this is fetched again. */
  maxAgeDays?: number;
  clock?: () => string;
}

/** A region's Linux pay-as-you-go VM prices as the API gave them, with when they took effect and were fetched. */
export interface CachedAzureRegionPrices extends RegionalPrices {
  fetched_at: string;
  source: 'azure-retail-prices-api';
}

/** The fields of one Retail Prices item this reads (the API's own names). */
interface RetailItem {
  armSkuName?: string;
  retailPrice?: number;
  unitOfMeasure?: string;
  productName?: string;
  skuName?: string;
  meterName?: string;
  type?: string;
  effectiveStartDate?: string;
}

interface RetailPage {
  Items?: RetailItem[];
  NextPageLink?: string | null;
}

/** Linux, pay-as-you-go, hourly, not Spot nor Low Priority: the meter a resize is priced by. */
function linuxOnDemandHourly(item: RetailItem): boolean {
  const names = `${item.skuName ?? ''} ${item.meterName ?? ''}`;
  return (
    item.type === 'Consumption' &&
    item.unitOfMeasure === '1 Hour' &&
    !/Windows/i.test(item.productName ?? '') &&
    !/Spot|Low Priority/i.test(names) &&
    typeof item.retailPrice === 'number' &&
    item.retailPrice > 0 &&
    !!item.armSkuName
  );
}

/**
 * Azure VM list prices for any region from the Azure Retail Prices API, paged by NextPageLink and
 * cached per region in `cacheDir` with the fetch date; the catalog date is the newest effectiveStartDate.
 */
export class AzureRetailPrices {
  private readonly clock: () => string;
  private readonly cache: RegionCache<CachedAzureRegionPrices>;

  constructor(private readonly options: AzureRetailPricesOptions) {
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.cache = new RegionCache(options.cacheDir, 'azure-vm', (cached, region) => Boolean(cached.prices?.[region]));
  }

  /** The region's prices: from the cache while it is fresh, else from the API (then cached). */
  async pricesFor(region: string): Promise<CachedAzureRegionPrices> {
    const cached = this.cache.fresh(region, this.clock(), (this.options.maxAgeDays ?? 7) * 86_400_000);
    if (cached) return cached;
    const fetched = await this.fetch(region);
    this.cache.write(region, fetched);
    return fetched;
  }

  private firstPage(region: string): string {
    const url = new URL(this.options.endpoint ?? AZURE_RETAIL_PRICES_ENDPOINT);
    url.searchParams.set('api-version', '2023-01-01-preview');
    url.searchParams.set('$filter', `serviceName eq 'Virtual Machines' and armRegionName eq '${region.replace(/'/g, "''")}' and priceType eq 'Consumption'`);
    return url.toString();
  }

  private async fetch(region: string): Promise<CachedAzureRegionPrices> {
    const prices: Record<string, number> = {};
    let effective = '';
    let next: string | undefined = this.firstPage(region);
    for (let page = 0; next; page++) {
      if (page > 1000) throw new Error(`the Azure Retail Prices API kept paging for region ${region}: stopped after 1000 pages`);
      const res = await fetch(next, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`the Azure Retail Prices API answered ${res.status} for region ${region}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json()) as RetailPage;
      for (const item of body.Items ?? []) {
        if (!linuxOnDemandHourly(item)) continue;
        const sku = item.armSkuName!;
        // Several meters may name one size (e.g. a retired one); the lowest current Linux one is its list price.
        prices[sku] = Math.min(prices[sku] ?? Infinity, item.retailPrice!);
        if (item.effectiveStartDate && item.effectiveStartDate > effective) effective = item.effectiveStartDate;
      }
      next = body.NextPageLink || undefined;
    }
    if (Object.keys(prices).length === 0) {
      throw new Error(
        `the Azure Retail Prices API has no Linux pay-as-you-go VM prices for region ${region}: check the region name (armRegionName, e.g. northeurope)`,
      );
    }
    const at = this.clock();
    return { source: 'azure-retail-prices-api', generated_at: effective || at, fetched_at: at, prices: { [region]: prices } };
  }
}
