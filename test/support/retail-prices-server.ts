import { createServer, type Server } from 'node:http';

/**
 * A loopback Azure Retail Prices API (`GET /api/retail/prices`), shaped from the published
 * reference: an OData `$filter` of `field eq 'value'` terms joined by `and`, pages of `pageSize`
 * items with `NextPageLink` (null on the last), and each item carrying the API's own field names
 * (armRegionName, armSkuName, retailPrice, unitOfMeasure, productName, skuName, meterName, type,
 * serviceName, priceType, effectiveStartDate). No authentication, as the real one.
 */
export interface RetailPriceItem {
  armRegionName: string;
  armSkuName: string;
  retailPrice: number;
  productName: string;
  skuName: string;
  meterName: string;
  effectiveStartDate: string;
  type?: string;
  serviceName?: string;
  unitOfMeasure?: string;
}

export interface RetailPricesServer {
  endpoint: string;
  items: RetailPriceItem[];
  /** Requests received (every page counts). */
  calls(): number;
  stop(): Promise<void>;
}

/** `a eq 'x' and b eq 'y'` → {a: 'x', b: 'y'}; anything else is refused as the real API refuses it. */
function parseFilter(filter: string): Record<string, string> | undefined {
  const terms: Record<string, string> = {};
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(part);
    if (!match) return undefined;
    terms[match[1]!] = match[2]!.replace(/''/g, "'");
  }
  return terms;
}

export async function startRetailPricesServer(pageSize = 100): Promise<RetailPricesServer> {
  const items: RetailPriceItem[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    const url = new URL(req.url ?? '/', 'http://loopback');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/api/retail/prices') return json(404, { error: 'not found' });
    const filter = parseFilter(url.searchParams.get('$filter') ?? '');
    if (!filter) return json(400, { Error: { Code: 'InvalidFilter', Message: 'unsupported $filter' } });
    const full = items.map((i) => ({
      currencyCode: 'USD',
      tierMinimumUnits: 0,
      type: 'Consumption',
      serviceName: 'Virtual Machines',
      serviceFamily: 'Compute',
      unitOfMeasure: '1 Hour',
      priceType: 'Consumption',
      unitPrice: i.retailPrice,
      location: i.armRegionName,
      isPrimaryMeterRegion: true,
      ...i,
    }));
    const matching = full.filter((i) => Object.entries(filter).every(([k, v]) => String((i as Record<string, unknown>)[k]) === v));
    const skip = Number(url.searchParams.get('$skip') ?? '0');
    const page = matching.slice(skip, skip + pageSize);
    let next: string | null = null;
    if (skip + pageSize < matching.length) {
      const nextUrl = new URL(url.toString());
      nextUrl.host = String(req.headers.host);
      nextUrl.searchParams.set('$skip', String(skip + pageSize));
      next = nextUrl.toString();
    }
    json(200, { BillingCurrency: 'USD', CustomerEntityId: 'Default', CustomerEntityType: 'Retail', Items: page, NextPageLink: next, Count: page.length });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/api/retail/prices`,
    items,
    calls: () => calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
