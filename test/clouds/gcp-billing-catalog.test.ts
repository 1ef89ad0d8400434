import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticTokenAuth } from '../../clouds/gcp/index.js';
import { GcpBillingCatalog, gcpCatalogFor, NoPricesForRegion, seriesRateOf } from '../../clouds/pricing/index.js';
import { seriesSkus, startBillingCatalogServer, type BillingCatalogServer } from '../support/billing-catalog-server.js';

let server: BillingCatalogServer;

function billing(cacheDir: string, now: string, token = server.token): GcpBillingCatalog {
  return new GcpBillingCatalog({ endpoint: server.endpoint, auth: new StaticTokenAuth(token), cacheDir, clock: () => now });
}

beforeAll(async () => {
  server = await startBillingCatalogServer({ pageSize: 50 });
  server.skus.push(
    ...seriesSkus('N2', ['europe-west1'], 0.034773, 0.004661, '2026-06-20T10:00:00Z'),
    ...seriesSkus('E2', ['europe-west1', 'europe-west4'], 0.023, 0.003082, '2026-05-01T00:00:00Z'),
    ...seriesSkus('N2', ['asia-northeast1'], 0.04, 0.0054, '2026-06-01T00:00:00Z', 'APAC'),
    // Not on-demand, or not the predefined rate: left out whatever their price.
    {
      description: 'Spot Preemptible N2 Instance Core running in EMEA',
      resourceGroup: 'CPU',
      usageType: 'Preemptible',
      serviceRegions: ['europe-west1'],
      usd: 0.008,
      usageUnit: 'h',
      effectiveTime: '2026-07-01T00:00:00Z',
    },
    {
      description: 'Commitment v1: N2 Cpu in Belgium for 1 Year',
      resourceGroup: 'CPU',
      usageType: 'Commit1Yr',
      serviceRegions: ['europe-west1'],
      usd: 0.02,
      usageUnit: 'h',
      effectiveTime: '2026-07-01T00:00:00Z',
    },
    {
      description: 'N2 Custom Instance Core running in EMEA',
      resourceGroup: 'CPU',
      serviceRegions: ['europe-west1'],
      usd: 0.5,
      usageUnit: 'h',
      effectiveTime: '2026-07-01T00:00:00Z',
    },
    {
      description: 'N2 Sole Tenancy Instance Core running in EMEA',
      resourceGroup: 'CPU',
      serviceRegions: ['europe-west1'],
      usd: 0.6,
      usageUnit: 'h',
      effectiveTime: '2026-07-01T00:00:00Z',
    },
  );
  // More than one page of 50: SKUs of other resources (disks), never read as a machine rate.
  for (let i = 0; i < 60; i += 1) {
    server.skus.push({
      description: `Storage PD Capacity ${i}`,
      resourceGroup: 'PDStandard',
      serviceRegions: ['europe-west1'],
      usd: 0.04,
      usageUnit: 'GiBy.h',
      effectiveTime: '2026-07-02T00:00:00Z',
    });
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('GCE list prices for any region: the Cloud Billing Catalog, cached with its date', () => {
  it('prices a machine type as vCPUs × core rate + GiB × RAM rate of its series in that region, on-demand only', async () => {
    const before = server.calls();
    const catalog = await gcpCatalogFor(['europe-west1'], billing(mkdtempSync(join(tmpdir(), 'tollgate-gcp-')), '2026-08-03T00:00:00Z'));
    // n2-standard-4: 4 vCPU, 16 GiB.
    expect(catalog.find((c) => c.sku === 'n2-standard-4')).toMatchObject({
      provider: 'gcp',
      region: 'europe-west1',
      vcpu: 4,
      memoryGiB: 16,
      hourlyUsd: Math.round((4 * 0.034773 + 16 * 0.004661) * 1e6) / 1e6,
      catalogDate: '2026-06-20',
    });
    // Shared-core e2-micro is billed by its CPU time (0.25 vCPU).
    expect(catalog.find((c) => c.sku === 'e2-micro')?.hourlyUsd).toBeCloseTo(0.25 * 0.023 + 1 * 0.003082, 6);
    // A series with no rates here (C3), and types whose GPUs or Local SSD other SKUs price, are left out.
    expect(catalog.some((c) => c.sku.startsWith('c3-') || c.gpu > 0 || c.sku.endsWith('lssd'))).toBe(false);
    expect(catalog.every((c) => c.region === 'europe-west1')).toBe(true);
    // 71 SKUs in pages of 50.
    expect(server.calls() - before).toBe(2);
  });

  it('reads the rate words GCE uses for each series, and refuses discounted or custom ones', () => {
    expect(seriesRateOf('N2D AMD Instance Ram running in Americas')).toEqual({ series: 'n2d', kind: 'ram' });
    expect(seriesRateOf('N1 Predefined Instance Core running in Americas')).toEqual({ series: 'n1', kind: 'core' });
    expect(seriesRateOf('Compute optimized Core running in Americas')).toEqual({ series: 'c2', kind: 'core' });
    expect(seriesRateOf('T2A Arm Instance Core running in Americas')).toEqual({ series: 't2a', kind: 'core' });
    expect(seriesRateOf('Spot Preemptible E2 Instance Core running in Americas')).toBeUndefined();
    expect(seriesRateOf('N2 Custom Extended Instance Ram running in Americas')).toBeUndefined();
  });

  it('caches every region from one listing, reads it while fresh, and refreshes it after maxAgeDays', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tollgate-gcp-'));
    const before = server.calls();
    const first = await billing(cacheDir, '2026-08-03T00:00:00Z').ratesFor('europe-west1');
    expect(first).toMatchObject({ source: 'gcp-cloud-billing-catalog', generated_at: '2026-06-20T10:00:00Z', fetched_at: '2026-08-03T00:00:00Z' });
    expect(first.rates.n2).toEqual({ core: 0.034773, ram: 0.004661 });
    expect(server.calls() - before).toBe(2);
    // Another region from the same listing, and the same region again: no request.
    expect((await billing(cacheDir, '2026-08-05T00:00:00Z').ratesFor('europe-west4')).rates.e2).toEqual({ core: 0.023, ram: 0.003082 });
    await billing(cacheDir, '2026-08-09T00:00:00Z').ratesFor('europe-west1');
    expect(server.calls() - before).toBe(2);
    expect((await billing(cacheDir, '2026-08-11T00:00:00Z').ratesFor('europe-west1')).fetched_at).toBe('2026-08-11T00:00:00Z');
    expect(server.calls() - before).toBe(4);
  });

  it('keeps the bundled snapshot for us-central1 and asks the API for nothing there', async () => {
    const before = server.calls();
    const catalog = await gcpCatalogFor(['us-central1'], billing(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z'));
    expect(catalog.find((c) => c.sku === 'n2-standard-8')?.hourlyUsd).toBe(0.3885);
    expect(server.calls()).toBe(before);
  });

  it('names the region and what to do when no source has prices for it, and says when the catalog refuses the credentials', async () => {
    const error = await gcpCatalogFor(['europe-west1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoPricesForRegion);
    expect(String(error)).toMatch(/no gcp list prices for region europe-west1: the bundled catalog covers us-central1; add clouds.gcp.billingCatalog/);
    await expect(billing(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z').ratesFor('mars-north1')).rejects.toThrow(
      /no Compute Engine on-demand vCPU or memory rates for region mars-north1: check the region name/,
    );
    await expect(billing(mkdtempSync(join(tmpdir(), 'p-')), '2026-08-03T00:00:00Z', 'wrong').ratesFor('europe-west1')).rejects.toThrow(
      /Cloud Billing Catalog answered 401/,
    );
  });
});
