import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsFromFocusRows, detectCostAnomalies, detectIncidents } from '../../detect/anomaly/index.js';
import { dailyCostCells } from '../../warehouse/anomaly-series.js';
import { openWarehouse, type Warehouse } from '../../warehouse/index.js';

/**
 * 35 days of team payments billed in two currencies: a US account at 1,000 USD a day and an EU
 * account at 100 EUR a day whose VMs jump to 400 EUR on the last three days. Same team, same env:
 * only the currency tells the two bills apart.
 */
const DAYS = 35;
const SPIKE_FROM = 32;

let db: Warehouse;
beforeAll(async () => {
  db = await openWarehouse(':memory:');
  const rows: string[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
    const eur = d >= SPIKE_FROM ? 400 : 100 + (d % 7);
    rows.push(`('${day}', 'USD', '111', 'Amazon Elastic Compute Cloud', ${1000 + (d % 7) * 3}, ${2 * d})`);
    rows.push(`('${day}', 'EUR', '222', 'Virtual Machines', ${eur}, ${2 * d + 1})`);
  }
  // A zero-cost line without a currency (ingest allows it) adds nothing and makes no "(no currency)" cell.
  rows.push(`('2025-01-05', NULL, '111', 'Tax', 0, 1000)`);
  await db.connection.run(
    `INSERT INTO focus_rows (ChargePeriodStart, BillingCurrency, BillingAccountId, ServiceName, EffectiveCost, BilledCost, x_tags, x_source_row, x_source_file, x_source_part, x_ingest_id, x_format)
     SELECT CAST(t AS TIMESTAMP), c, a, s, e, e, '{"team":"payments","env":"prod"}', r, 'two-currencies', 0, 'ing_cur', 'focus'
     FROM (VALUES ${rows.join(', ')}) v(t, c, a, s, e, r)`,
  );
});
afterAll(() => db?.close());

describe('cost incidents from a warehouse billed in USD and EUR', () => {
  it('cells carry their currency; no cell adds two', async () => {
    const cells = await dailyCostCells(db);
    expect(new Set(cells.map((c) => c.currency))).toEqual(new Set(['USD', 'EUR']));
    const eurTotal = cells.filter((c) => c.currency === 'EUR').reduce((n, c) => n + c.costUsd, 0);
    let expected = 0;
    for (let d = 0; d < DAYS; d++) expected += d >= SPIKE_FROM ? 400 : 100 + (d % 7);
    expect(eurTotal).toBeCloseTo(expected, 9);
  });

  it('the EUR spike is an EUR incident measured in EUR alone, though team payments is billed in both', async () => {
    const { incidents } = detectIncidents(await dailyCostCells(db));
    const spike = incidents.find((i) => i.start === '2025-02-02');
    expect(spike, JSON.stringify(incidents)).toBeDefined();
    expect(spike!.currency).toBe('EUR');
    // 3 days at 400 EUR; 3 × 1,400 would mean the USD account was added in.
    expect(spike!).toMatchObject({ start: '2025-02-02', end: '2025-02-04' });
    expect(spike!.actual).toBeCloseTo(3 * 400, 0);
    expect(spike!.expected).toBeLessThan(3 * 120);
    for (const cause of spike!.rootCauses) expect(cause.actual).toBeCloseTo(400, 0);
    expect(incidents.filter((i) => i.currency === 'USD')).toEqual([]);
  });

  it('detectCostAnomalies (no currency on its output) refuses cells in two currencies and names them', async () => {
    const cells = await dailyCostCells(db);
    expect(() => detectCostAnomalies(cells)).toThrow(/cost cells in EUR, USD: .*one currency's cells at a time, or use detectIncidents/);
    const eur = detectCostAnomalies(cells.filter((c) => c.currency === 'EUR'));
    expect(eur.some((a) => a.date === '2025-02-02' && a.dimension === 'team' && Math.abs(a.actual - 400) < 1)).toBe(true);
  });

  it('cellsFromFocusRows keeps the currency, so two bills of one team stay two cells', () => {
    const cells = cellsFromFocusRows([
      { ChargePeriodStart: '2025-01-01T00:00:00Z', EffectiveCost: 10, BillingCurrency: 'USD', Tags: { team: 'payments' } },
      { ChargePeriodStart: '2025-01-01T00:00:00Z', EffectiveCost: 5, BillingCurrency: 'EUR', Tags: { team: 'payments' } },
      { ChargePeriodStart: '2025-01-01T00:00:00Z', EffectiveCost: 1, BillingCurrency: 'EUR', Tags: { team: 'payments' } },
    ]);
    expect(cells.map((c) => [c.currency, c.costUsd])).toEqual([
      ['USD', 10],
      ['EUR', 6],
    ]);
  });
});
