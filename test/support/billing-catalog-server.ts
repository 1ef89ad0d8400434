import { createServer, type Server } from 'node:http';

/**
 * A loopback Cloud Billing Catalog API (`GET /v1/services/{service}/skus`), shaped from the
 * published reference: a bearer token is required (any authenticated principal may read), pages
 * of `pageSize` SKUs with `nextPageToken` ('' on the last), `currencyCode=USD`, and each SKU with
 * description, category {resourceFamily, resourceGroup, usageType}, serviceRegions and
 * pricingInfo[].pricingExpression {usageUnit, tieredRates[].unitPrice {units, nanos}}.
 */
export interface BillingSku {
  description: string;
  resourceGroup: string;
  usageType?: string;
  serviceRegions: string[];
  /** USD per unit (per vCPU hour for `h`, per GiB hour for `GiBy.h`). */
  usd: number;
  usageUnit: 'h' | 'GiBy.h';
  effectiveTime: string;
}

export interface BillingCatalogServer {
  endpoint: string;
  token: string;
  skus: BillingSku[];
  /** Requests received (every page counts). */
  calls(): number;
  stop(): Promise<void>;
}

function money(usd: number): { currencyCode: string; units: string; nanos: number } {
  const units = Math.floor(usd);
  return { currencyCode: 'USD', units: String(units), nanos: Math.round((usd - units) * 1e9) };
}

/** `token`: the bearer token accepted (a test may share the loopback GCE server's, as one ADC token serves both APIs). */
export async function startBillingCatalogServer(options: { pageSize?: number; token?: string } = {}): Promise<BillingCatalogServer> {
  const token = options.token ?? 'loopback-billing-token';
  const pageSize = options.pageSize ?? 100;
  const skus: BillingSku[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    const url = new URL(req.url ?? '/', 'http://loopback');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      return json(401, { error: { code: 401, message: 'Request is missing required authentication credential.', status: 'UNAUTHENTICATED' } });
    }
    const match = /^\/v1\/services\/([\w-]+)\/skus$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return json(404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
    const inService = match[1] === '6F81-5844-456A' ? skus : [];
    const start = Number(url.searchParams.get('pageToken') || '0');
    const page = inService.slice(start, start + pageSize).map((s, i) => ({
      name: `services/${match[1]}/skus/LOOP-${String(start + i).padStart(4, '0')}`,
      skuId: `LOOP-${String(start + i).padStart(4, '0')}`,
      description: s.description,
      category: { serviceDisplayName: 'Compute Engine', resourceFamily: 'Compute', resourceGroup: s.resourceGroup, usageType: s.usageType ?? 'OnDemand' },
      serviceRegions: s.serviceRegions,
      pricingInfo: [
        {
          summary: '',
          pricingExpression: {
            usageUnit: s.usageUnit,
            displayQuantity: 1,
            tieredRates: [{ startUsageAmount: 0, unitPrice: money(s.usd) }],
            usageUnitDescription: s.usageUnit === 'h' ? 'hour' : 'gibibyte hour',
          },
          currencyConversionRate: 1,
          effectiveTime: s.effectiveTime,
        },
      ],
      serviceProviderName: 'Google',
    }));
    const nextPageToken = start + pageSize < inService.length ? String(start + pageSize) : '';
    json(200, { skus: page, nextPageToken });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    token,
    skus,
    calls: () => calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The on-demand core and RAM SKUs of one series in some regions, as the real catalog names them. */
export function seriesSkus(series: string, regions: string[], core: number, ram: number, effectiveTime: string, geo = 'EMEA'): BillingSku[] {
  return [
    { description: `${series} Instance Core running in ${geo}`, resourceGroup: 'CPU', serviceRegions: regions, usd: core, usageUnit: 'h', effectiveTime },
    { description: `${series} Instance Ram running in ${geo}`, resourceGroup: 'RAM', serviceRegions: regions, usd: ram, usageUnit: 'GiBy.h', effectiveTime },
  ];
}
