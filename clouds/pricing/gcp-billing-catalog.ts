import { RegionCache } from './region-cache.js';

/** Compute Engine's service id in the Cloud Billing Catalog API. */
export const COMPUTE_ENGINE_SERVICE = '6F81-5844-456A';
export const CLOUD_BILLING_ENDPOINT = 'https://cloudbilling.googleapis.com';

/** Anything that signs a request: google-auth-library's GoogleAuth, or StaticTokenAuth for loopback servers. */
export interface RequestSigner {
  getRequestHeaders(url?: string): Promise<Headers | Record<string, string>>;
}

export interface GcpBillingCatalogOptions {
  /** The Cloud Billing Catalog API root; a loopback server in tests. */
  endpoint?: string;
  /** Signs each request; any authenticated principal may read the public catalog. */
  auth: RequestSigner;
  /** Where fetched regions are kept, one JSON file each, with the date they were fetched. */
  cacheDir: string;
  /** A cached region older than this is fetched again. */
  maxAgeDays?: number;
  clock?: () => string;
}

/** On-demand USD rates per GCE machine series in one region: per vCPU hour and per GiB hour. */
export interface CachedGceRegionRates {
  source: 'gcp-cloud-billing-catalog';
  region: string;
  /** The newest pricingInfo effectiveTime among the rates kept: the catalog's date. */
  generated_at: string;
  fetched_at: string;
  rates: Record<string, { core?: number; ram?: number }>;
}

interface Money {
  units?: string;
  nanos?: number;
}

interface Sku {
  description?: string;
  category?: { resourceFamily?: string; resourceGroup?: string; usageType?: string };
  serviceRegions?: string[];
  pricingInfo?: {
    effectiveTime?: string;
    pricingExpression?: { usageUnit?: string; tieredRates?: { startUsageAmount?: number; unitPrice?: Money }[] };
  }[];
}

interface SkuPage {
  skus?: Sku[];
  nextPageToken?: string;
}

/** Discounted, interruptible or committed prices, and shapes priced apart (custom, sole-tenant): none is a predefined on-demand rate. */
const NOT_ON_DEMAND = /Preemptible|Spot|Commitment|Custom|Sole Tenancy|Extended|Reserved|DWS|Flex|Calendar/i;

/**
 * `N2 Instance Core running in Americas` → n2 / core; `N2D AMD Instance Ram running in EMEA` → n2d / ram;
 * `N1 Predefined Instance Core …` → n1; `Compute optimized Core …` → c2; `Memory-optimized Instance Ram …` → m1.
 */
export function seriesRateOf(description: string): { series: string; kind: 'core' | 'ram' } | undefined {
  if (NOT_ON_DEMAND.test(description)) return undefined;
  const named = /^([A-Z]\d+[A-Z]?)\s+(?:(?:AMD|Arm|Intel)\s+)?(?:Predefined\s+)?Instance\s+(Core|Ram)\b/.exec(description);
  if (named) return { series: named[1]!.toLowerCase(), kind: named[2] === 'Core' ? 'core' : 'ram' };
  const c2 = /^Compute optimized (Core|Ram)\b/.exec(description);
  if (c2) return { series: 'c2', kind: c2[1] === 'Core' ? 'core' : 'ram' };
  const m1 = /^Memory-optimized Instance (Core|Ram)\b/.exec(description);
  if (m1) return { series: 'm1', kind: m1[1] === 'Core' ? 'core' : 'ram' };
  return undefined;
}

function usd(money: Money | undefined): number {
  return Number(money?.units ?? '0') + (money?.nanos ?? 0) / 1e9;
}

/** The SKU's hourly rate per vCPU or per GiB, if its unit is what the kind is billed in. */
function hourlyRate(sku: Sku, kind: 'core' | 'ram'): { rate: number; effective: string } | undefined {
  const info = sku.pricingInfo?.[0];
  const expression = info?.pricingExpression;
  if (expression?.usageUnit !== (kind === 'core' ? 'h' : 'GiBy.h')) return undefined;
  // The first paid tier: compute SKUs have one tier from 0; a free tier would come first.
  const tier = (expression.tieredRates ?? []).find((t) => usd(t.unitPrice) > 0);
  return tier ? { rate: usd(tier.unitPrice), effective: info?.effectiveTime ?? '' } : undefined;
}

/**
 * GCE on-demand vCPU and memory rates per region from the Cloud Billing Catalog API (the Compute
 * Engine service's SKUs, paged by nextPageToken), cached per region in `cacheDir` with the fetch
 * date; one listing holds every region, so one fetch refreshes them all.
 */
export class GcpBillingCatalog {
  private readonly clock: () => string;
  private readonly cache: RegionCache<CachedGceRegionRates>;

  constructor(private readonly options: GcpBillingCatalogOptions) {
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.cache = new RegionCache(options.cacheDir, 'gcp-gce', (cached, region) => cached.region === region && Boolean(cached.rates));
  }

  /** The region's rates: from the cache while it is fresh, else from the API (then cached). */
  async ratesFor(region: string): Promise<CachedGceRegionRates> {
    const cached = this.cache.fresh(region, this.clock(), (this.options.maxAgeDays ?? 7) * 86_400_000);
    if (cached) return cached;
    const all = await this.fetchAll();
    for (const rates of all.values()) {
      rates.generated_at ||= rates.fetched_at;
      this.cache.write(rates.region, rates);
    }
    const here = all.get(region);
    if (!here || Object.keys(here.rates).length === 0) {
      throw new Error(
        `the Cloud Billing Catalog has no Compute Engine on-demand vCPU or memory rates for region ${region}: check the region name (e.g. europe-west1)`,
      );
    }
    return here;
  }

  private async fetchAll(): Promise<Map<string, CachedGceRegionRates>> {
    const at = this.clock();
    const byRegion = new Map<string, CachedGceRegionRates>();
    let pageToken = '';
    for (let page = 0; ; page++) {
      if (page > 1000) throw new Error('the Cloud Billing Catalog kept paging: stopped after 1000 pages');
      const url = new URL(`${(this.options.endpoint ?? CLOUD_BILLING_ENDPOINT).replace(/\/$/, '')}/v1/services/${COMPUTE_ENGINE_SERVICE}/skus`);
      url.searchParams.set('currencyCode', 'USD');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const headers = new Headers(await this.options.auth.getRequestHeaders(url.toString()));
      headers.set('accept', 'application/json');
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`the Cloud Billing Catalog answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json()) as SkuPage;
      for (const sku of body.skus ?? []) this.keep(sku, byRegion, at);
      if (!body.nextPageToken) break;
      pageToken = body.nextPageToken;
    }
    return byRegion;
  }

  private keep(sku: Sku, byRegion: Map<string, CachedGceRegionRates>, at: string): void {
    if (sku.category?.usageType && sku.category.usageType !== 'OnDemand') return;
    const group = sku.category?.resourceGroup;
    const which = seriesRateOf(sku.description ?? '');
    if (!which) return;
    // resourceGroup is CPU / RAM for most series (N1 predefined says N1Standard); a GPU or disk never matches.
    if (group === 'GPU' || group === 'SSD' || group === 'PDStandard') return;
    const priced = hourlyRate(sku, which.kind);
    if (!priced) return;
    for (const region of sku.serviceRegions ?? []) {
      const entry = byRegion.get(region) ?? { source: 'gcp-cloud-billing-catalog' as const, region, generated_at: '', fetched_at: at, rates: {} };
      const rates = (entry.rates[which.series] ??= {});
      rates[which.kind] = priced.rate;
      if (priced.effective > entry.generated_at) entry.generated_at = priced.effective;
      byRegion.set(region, entry);
    }
  }
}
