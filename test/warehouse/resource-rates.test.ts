import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { openWarehouse, queryRows, resourceRates, type Warehouse } from '../../warehouse/index.js';

const CUR2 = resolve(process.cwd(), 'test/fixtures/ingest/aws-cur2-sample.csv');

describe("a resource's own effective rate from the ingested bill", () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    await ingestFile(db, CUR2, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
  });
  afterAll(() => db.close());

  it('sums EffectiveCost of usage rows per ResourceId over the hours its charges cover', async () => {
    const rates = await resourceRates(db, { from: '2025-03-01', to: '2025-03-10' });
    const expected = await queryRows(
      db,
      `SELECT ResourceId AS id, sum(EffectiveCost)::DOUBLE AS cost,
              date_diff('second', min(ChargePeriodStart), max(ChargePeriodEnd)) / 3600.0 AS hours
         FROM focus_rows WHERE ResourceId IS NOT NULL AND ChargeCategory = 'Usage' AND BillingCurrency = 'USD' GROUP BY ResourceId`,
    );
    expect(rates.length).toBe(expected.filter((e) => Number(e.hours) > 0).length);
    expect(rates.length).toBeGreaterThan(0);
    for (const e of expected) {
      const rate = rates.find((r) => r.billResourceId === e.id);
      expect(rate?.effectiveCostUsd).toBeCloseTo(Number(e.cost), 9);
      expect(rate?.hourlyUsd).toBeCloseTo(Number(e.cost) / Number(e.hours), 9);
    }
    // The on-demand instance: $0.096 for one day of usage.
    const onDemand = rates.find((r) => r.billResourceId === 'i-0aaa');
    expect(onDemand).toMatchObject({ hours: 24, from: '2025-03-01T00:00:00.000Z' });
  });

  it('counts only the window asked for', async () => {
    expect(await resourceRates(db, { from: '2026-01-01', to: '2026-01-15' })).toEqual([]);
  });
});
