import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billCoveredUntil, openWarehouse, queryRows, resourceDailyCosts, type Warehouse } from '../../warehouse/index.js';

let db: Warehouse;
beforeEach(async () => {
  db = await openWarehouse(':memory:');
});
afterEach(() => db.close());

async function insert(rows: [start: string, end: string, resourceId: string, cost: number, quantity: number, unit: string, currency: string][]): Promise<void> {
  const values = rows.map(
    ([start, end, id, cost, q, unit, currency], i) =>
      `(TIMESTAMP '${start}', TIMESTAMP '${end}', ${cost}, ${cost}, ${q}, '${unit}', '${currency}', '${id}', 'synthetic.csv', ${i}, 0, 'ingest-synthetic', 'focus')`,
  );
  await queryRows(
    db,
    `INSERT INTO focus_rows (ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, ConsumedQuantity, PricingUnit, BillingCurrency, ResourceId,
                             x_source_file, x_source_row, x_source_part, x_ingest_id, x_format) VALUES ${values.join(',')}`,
  );
}

describe("a resource's daily cost and running hours from the bill", () => {
  it('matches ids case-insensitively, counts only hour-priced quantity as running hours, keeps currencies apart', async () => {
    await insert([
      ['2030-01-01 00:00', '2030-01-01 12:00', 'arn:aws:ec2:eu-west-1:1:instance/i-ABC', 6, 12, 'Hours', 'USD'],
      ['2030-01-01 12:00', '2030-01-02 00:00', 'arn:aws:ec2:eu-west-1:1:instance/i-abc', 6, 12, 'Hours', 'USD'],
      ['2030-01-01 00:00', '2030-01-02 00:00', 'arn:aws:ec2:eu-west-1:1:instance/i-abc', 1, 30, 'GB-Months', 'USD'],
      ['2030-01-01 00:00', '2030-01-02 00:00', 'arn:aws:ec2:eu-west-1:1:instance/i-abc', 9, 24, 'Hours', 'EUR'],
      ['2030-01-01 00:00', '2030-01-02 00:00', 'i-other', 100, 24, 'Hours', 'USD'],
    ]);
    const days = await resourceDailyCosts(db, ['ARN:AWS:EC2:EU-WEST-1:1:INSTANCE/I-ABC'], { from: '2030-01-01', to: '2030-01-02' });
    expect(days).toEqual([
      { resourceKey: 'arn:aws:ec2:eu-west-1:1:instance/i-abc', currency: 'EUR', date: '2030-01-01', effectiveCost: 9, runningHours: 24, hourPriced: true },
      { resourceKey: 'arn:aws:ec2:eu-west-1:1:instance/i-abc', currency: 'USD', date: '2030-01-01', effectiveCost: 13, runningHours: 24, hourPriced: true },
    ]);
    expect(await resourceDailyCosts(db, [], { from: '2030-01-01', to: '2030-01-02' })).toEqual([]);
  });

  it('is complete until the day of the latest charge end: a day that ends mid-way is not complete', async () => {
    expect(await billCoveredUntil(db)).toBeUndefined();
    await insert([['2030-01-01 00:00', '2030-01-02 00:00', 'i-a', 1, 24, 'Hours', 'USD']]);
    expect(await billCoveredUntil(db)).toBe('2030-01-02');
    await insert([['2030-01-02 04:00', '2030-01-02 05:00', 'i-a', 1, 1, 'Hours', 'USD']]);
    expect(await billCoveredUntil(db)).toBe('2030-01-02');
  });
});
