import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCloud } from '../../clouds/aws/index.js';
import { AwsPriceList, NoPricesForRegion } from '../../clouds/pricing/index.js';
import { startPriceListServer, type PriceListServer } from '../support/price-list-server.js';

const credentials = { accessKeyId: 'loopback', secretAccessKey: 'loopback' };
let server: PriceListServer;

const linux = (region: string, instanceType: string) => ({
  regionCode: region,
  instanceType,
  operatingSystem: 'Linux',
  tenancy: 'Shared',
  preInstalledSw: 'NA',
  capacitystatus: 'Used',
  licenseModel: 'No License required',
});

function priceList(cacheDir: string, now: string): AwsPriceList {
  return new AwsPriceList({ endpoint: server.endpoint, credentials, cacheDir, clock: () => now });
}

beforeAll(async () => {
  server = await startPriceListServer();
  const published = '2026-08-01T00:00:00Z';
  server.products.push(
    { attributes: linux('eu-west-1', 'm5.large'), usdPerHour: '0.1070000000', publicationDate: published },
    { attributes: linux('eu-west-1', 'm5.xlarge'), usdPerHour: '0.2140000000', publicationDate: published },
    { attributes: linux('eu-west-1', 't3.micro'), usdPerHour: '0.0114000000', publicationDate: '2026-07-28T00:00:00Z' },
    // Filtered out by the query: Windows, dedicated tenancy, and another region.
    { attributes: { ...linux('eu-west-1', 'm5.large'), operatingSystem: 'Windows' }, usdPerHour: '0.1990000000', publicationDate: published },
    { attributes: { ...linux('eu-west-1', 'm5.large'), tenancy: 'Dedicated' }, usdPerHour: '0.1180000000', publicationDate: published },
    { attributes: linux('ap-southeast-2', 'm5.large'), usdPerHour: '0.1200000000', publicationDate: published },
  );
  // Enough products for more than one page of 100.
  for (let i = 0; i < 120; i += 1)
    server.products.push({ attributes: linux('eu-west-1', `loopback${i}.large`), usdPerHour: '0.05', publicationDate: published });
});

afterAll(async () => {
  await server?.stop();
});

describe('AWS list prices for any region: the Price List Query API, cached with its date', () => {
  it('prices a region the bundled snapshot lacks, joined with instance specs, dated by the publication', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tollgate-prices-'));
    const cloud = new AwsCloud({ region: 'eu-west-1', credentials, priceList: priceList(cacheDir, '2026-08-03T00:00:00Z') });
    const catalog = await cloud.catalog();
    expect(catalog.find((c) => c.sku === 'm5.large')).toMatchObject({
      provider: 'aws',
      region: 'eu-west-1',
      hourlyUsd: 0.107,
      vcpu: 2,
      memoryGiB: 8,
      catalogDate: '2026-08-01',
    });
    expect(catalog.find((c) => c.sku === 't3.micro')?.hourlyUsd).toBe(0.0114);
    // Types the spec file does not know are left out, as for the bundled snapshot.
    expect(catalog.some((c) => c.sku.startsWith('loopback'))).toBe(false);
    expect(server.calls()).toBe(2);
  });

  it('reads a fresh cache without asking again, and refreshes it once it is older than maxAgeDays', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tollgate-prices-'));
    const before = server.calls();
    const first = await priceList(cacheDir, '2026-08-03T00:00:00Z').pricesFor('eu-west-1');
    expect(first).toMatchObject({ source: 'aws-price-list-api', generated_at: '2026-08-01T00:00:00Z', fetched_at: '2026-08-03T00:00:00Z' });
    expect(server.calls() - before).toBe(2);
    await priceList(cacheDir, '2026-08-09T00:00:00Z').pricesFor('eu-west-1');
    expect(server.calls() - before).toBe(2);
    expect((await priceList(cacheDir, '2026-08-11T00:00:00Z').pricesFor('eu-west-1')).fetched_at).toBe('2026-08-11T00:00:00Z');
    expect(server.calls() - before).toBe(4);
  });

  it('keeps using the bundled snapshot for us-east-1', async () => {
    const before = server.calls();
    const catalog = await new AwsCloud({
      region: 'us-east-1',
      credentials,
      priceList: priceList(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z'),
    }).catalog();
    expect(catalog.find((c) => c.sku === 'm5.large')?.catalogDate).toBe('2026-07-20');
    expect(server.calls()).toBe(before);
  });

  it('names the region and what to do when no source has prices for it', async () => {
    const error = await new AwsCloud({ region: 'eu-south-2', credentials }).catalog().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoPricesForRegion);
    expect(String(error)).toMatch(/no aws list prices for region eu-south-2: the bundled catalog covers us-east-1; give the AWS adapter a price list/);
    const empty = priceList(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z');
    await expect(empty.pricesFor('eu-south-2')).rejects.toThrow(/has no EC2 Linux on-demand prices for region eu-south-2: check the region code/);
  });
});
