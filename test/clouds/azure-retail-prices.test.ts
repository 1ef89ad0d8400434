import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureCatalogFor, AzureRetailPrices, NoPricesForRegion } from '../../clouds/pricing/index.js';
import { startRetailPricesServer, type RetailPriceItem, type RetailPricesServer } from '../support/retail-prices-server.js';

let server: RetailPricesServer;
const effective = '2026-07-01T00:00:00Z';

const linux = (region: string, sku: string, usd: number, date = effective): RetailPriceItem => ({
  armRegionName: region,
  armSkuName: sku,
  retailPrice: usd,
  productName: `Virtual Machines ${sku.replace('Standard_', '')} Series`,
  skuName: sku.replace('Standard_', '').replace(/_/g, ' '),
  meterName: sku.replace('Standard_', '').replace(/_/g, ' '),
  effectiveStartDate: date,
});

function retail(cacheDir: string, now: string): AzureRetailPrices {
  return new AzureRetailPrices({ endpoint: server.endpoint, cacheDir, clock: () => now });
}

beforeAll(async () => {
  server = await startRetailPricesServer(50);
  server.items.push(
    linux('northeurope', 'Standard_D2s_v3', 0.107),
    linux('northeurope', 'Standard_D4s_v3', 0.214, '2026-07-15T00:00:00Z'),
    // Left out by the filter or by the reader: Windows, Spot, Low Priority, monthly, a reservation, another region.
    { ...linux('northeurope', 'Standard_D2s_v3', 0.203), productName: 'Virtual Machines DSv3 Series Windows' },
    { ...linux('northeurope', 'Standard_D2s_v3', 0.021), skuName: 'D2s v3 Spot', meterName: 'D2s v3 Spot' },
    { ...linux('northeurope', 'Standard_D2s_v3', 0.0214), skuName: 'D2s v3 Low Priority', meterName: 'D2s v3 Low Priority' },
    { ...linux('northeurope', 'Standard_D2s_v3', 70), unitOfMeasure: '1/Month' },
    { ...linux('northeurope', 'Standard_D2s_v3', 0.05), type: 'Reservation' },
    linux('japaneast', 'Standard_D2s_v3', 0.125),
  );
  // More than one page of 50: sizes the spec file does not know, left out of the catalog.
  for (let i = 0; i < 70; i += 1) server.items.push(linux('northeurope', `Standard_Loopback${i}`, 0.05));
});

afterAll(async () => {
  await server?.stop();
});

describe('Azure list prices for any region: the Retail Prices API, cached with its date', () => {
  it('prices a region the bundled snapshot lacks through every page, Linux pay-as-you-go only, dated by the newest effectiveStartDate', async () => {
    const before = server.calls();
    const catalog = await azureCatalogFor(['northeurope'], retail(mkdtempSync(join(tmpdir(), 'tollgate-az-')), '2026-08-03T00:00:00Z'));
    expect(catalog.find((c) => c.sku === 'Standard_D2s_v3')).toMatchObject({
      provider: 'azure',
      region: 'northeurope',
      hourlyUsd: 0.107,
      vcpu: 2,
      memoryGiB: 8,
      catalogDate: '2026-07-15',
    });
    expect(catalog.find((c) => c.sku === 'Standard_D4s_v3')?.hourlyUsd).toBe(0.214);
    expect(catalog.every((c) => c.region === 'northeurope')).toBe(true);
    expect(catalog.some((c) => c.sku.startsWith('Standard_Loopback'))).toBe(false);
    // 77 matching items in pages of 50: two requests.
    expect(server.calls() - before).toBe(2);
  });

  it('reads a fresh cache without asking again, and refreshes it once it is older than maxAgeDays', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tollgate-az-'));
    const before = server.calls();
    const first = await retail(cacheDir, '2026-08-03T00:00:00Z').pricesFor('northeurope');
    expect(first).toMatchObject({ source: 'azure-retail-prices-api', generated_at: '2026-07-15T00:00:00Z', fetched_at: '2026-08-03T00:00:00Z' });
    expect(server.calls() - before).toBe(2);
    await retail(cacheDir, '2026-08-09T00:00:00Z').pricesFor('northeurope');
    expect(server.calls() - before).toBe(2);
    expect((await retail(cacheDir, '2026-08-11T00:00:00Z').pricesFor('northeurope')).fetched_at).toBe('2026-08-11T00:00:00Z');
    expect(server.calls() - before).toBe(4);
  });

  it('keeps the bundled snapshot for eastus and asks the API for nothing there', async () => {
    const before = server.calls();
    const catalog = await azureCatalogFor(['eastus'], retail(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z'));
    expect(catalog.length).toBeGreaterThan(0);
    expect(catalog.every((c) => c.region === 'eastus')).toBe(true);
    expect(server.calls()).toBe(before);
  });

  it('names the region and what to do when no source has prices for it', async () => {
    const error = await azureCatalogFor(['northeurope']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoPricesForRegion);
    expect(String(error)).toMatch(
      /no azure list prices for region northeurope: the bundled catalog covers eastus, westeurope, westus2; add clouds.azure.retailPrices/,
    );
    await expect(retail(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z').pricesFor('mars-north')).rejects.toThrow(
      /no Linux pay-as-you-go VM prices for region mars-north: check the region name/,
    );
  });
});
