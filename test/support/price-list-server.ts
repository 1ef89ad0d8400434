import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A loopback AWS Price List Query API (JSON 1.1, `X-Amz-Target: AWSPriceListService.GetProducts`),
 * shaped from the published API reference: TERM_MATCH filters over product attributes, pages of
 * MaxResults with a NextToken, and each PriceList entry a JSON string in the aws_v1 format
 * (product.attributes, terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD, publicationDate).
 */
export interface PriceListProduct {
  attributes: Record<string, string>;
  usdPerHour: string;
  publicationDate: string;
}

export interface PriceListServer {
  endpoint: string;
  products: PriceListProduct[];
  /** GetProducts calls received (every page counts). */
  calls(): number;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'loopback' });
  res.end(JSON.stringify(body));
}

function item(p: PriceListProduct, index: number): string {
  const sku = `LOOPBACK${String(index).padStart(8, '0')}`;
  return JSON.stringify({
    product: { productFamily: 'Compute Instance', attributes: { servicecode: 'AmazonEC2', ...p.attributes }, sku },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          offerTermCode: 'JRTCKXETXF',
          sku,
          effectiveDate: p.publicationDate,
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: 'Hrs', pricePerUnit: { USD: p.usdPerHour }, description: 'on demand', appliesTo: [] },
          },
          termAttributes: {},
        },
      },
    },
    version: p.publicationDate.replace(/\D/g, '').slice(0, 14),
    publicationDate: p.publicationDate,
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

export async function startPriceListServer(): Promise<PriceListServer> {
  const products: PriceListProduct[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256'))
        return send(res, 400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
      if (req.headers['x-amz-target'] !== 'AWSPriceListService.GetProducts')
        return send(res, 400, { __type: 'UnknownOperationException', message: String(req.headers['x-amz-target']) });
      calls += 1;
      const body = await readJson(req);
      if (body.ServiceCode !== 'AmazonEC2') return send(res, 400, { __type: 'InvalidParameterException', message: 'ServiceCode' });
      const filters = (body.Filters as { Type: string; Field: string; Value: string }[] | undefined) ?? [];
      const matching = products.filter((p) => filters.every((f) => f.Type === 'TERM_MATCH' && p.attributes[f.Field] === f.Value));
      const start = Number(body.NextToken ?? 0);
      const size = Math.min(Number(body.MaxResults ?? 100), 100);
      const page = matching.slice(start, start + size);
      const next = start + size < matching.length ? String(start + size) : undefined;
      send(res, 200, { FormatVersion: 'aws_v1', PriceList: page.map((p, i) => item(p, start + i)), ...(next ? { NextToken: next } : {}) });
    })().catch((error: unknown) => send(res, 500, { __type: 'InternalErrorException', message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    products,
    calls: () => calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
