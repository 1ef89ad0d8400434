import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../clouds/catalogs/load-catalogs.js';
import { gcpGceCatalog } from '../../clouds/catalogs/gcp-gce.js';
import { gcpCatalog } from '../../clouds/pricing/index.js';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const shared = loadCatalogs(DATA).filter((c) => c.provider === 'gcp');
const pricing = {
  data: { predefinedCpuPricePerHour: { e2: 0.02 }, predefinedMemoryPricePerHourPerGb: { e2: 0.003 }, instancePrices: { 'e2-micro': 9, 'n2-standard-8': 0.4 } },
};

describe('one GCE catalog for rightsizing and policy check', () => {
  it("the policy check's catalog (clouds/pricing) is the rightsizing catalog's entries for the same region", () => {
    expect(shared.length).toBeGreaterThan(200);
    expect(gcpCatalog(['us-central1'])).toEqual(shared);
  });

  it('repeats the region-independent list prices for each region asked for', () => {
    const two = gcpCatalog(['us-central1', 'europe-west1']);
    expect(two).toHaveLength(2 * shared.length);
    expect(two.filter((c) => c.region === 'europe-west1').map(({ region: _, ...rest }) => rest)).toEqual(shared.map(({ region: _, ...rest }) => rest));
  });

  it('prices shared-core types at their CPU time, marks the undated file undated, and takes a date the file gives', () => {
    expect(shared.find((c) => c.sku === 'e2-medium')).toMatchObject({ vcpu: 1, memoryGiB: 4, hourlyUsd: 0.03351, catalogDate: 'undated' });
    expect(shared.find((c) => c.sku === 'e2-micro')).toMatchObject({ vcpu: 0.25, hourlyUsd: 0.008376 }); // 0.25 × 0.021811 + 1 × 0.002923
    expect(gcpGceCatalog(pricing, ['r'])).toMatchObject([
      { sku: 'e2-micro', hourlyUsd: 0.008, catalogDate: 'undated' },
      { sku: 'n2-standard-8', hourlyUsd: 0.4 },
    ]);
    expect(gcpGceCatalog({ ...pricing, generated_at: '2026-07-19T04:00:00Z' }, ['r'])[0]!.catalogDate).toBe('2026-07-19');
  });
});
