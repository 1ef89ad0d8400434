import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { budgetStatuses } from '../../activities/budget-status.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  costsByGroup,
  dailyCostInScope,
  dailyCostSeries,
  openWarehouse,
  unitCosts,
  tagAudit,
  tagAuditByCurrency,
  type Warehouse,
} from '../../warehouse/index.js';

/** ResourceId, currency, EffectiveCost, tags: one estate billed in two currencies (an EU and a US account). */
const LINES: [string, string, number, Record<string, string>][] = [
  ['vm-eu-1', 'EUR', 100, { team: 'payments', env: 'prod' }],
  ['vm-eu-2', 'EUR', 300, {}],
  ['vm-us-1', 'USD', 50, { team: 'search', env: 'prod' }],
  ['vm-us-2', 'USD', 150, { team: 'search' }],
  ['vm-us-3', 'USD', 800, {}],
];

describe('totals stay per currency; grouping keys are checked', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    for (const [i, [resource, currency, cost, tags]] of LINES.entries()) {
      await db.connection.run(
        `INSERT INTO focus_rows (ResourceId, BillingCurrency, ChargeCategory, EffectiveCost, BilledCost, ListCost, SubAccountId, ChargePeriodStart, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
         VALUES ($1, $2, 'Usage', $3, $3, $3, 'acct-1', TIMESTAMP '2025-03-02 00:00:00', $4, 'two-currencies.csv', $5, 0, 'ing_test', 'focus')`,
        [resource, currency, cost, JSON.stringify(tags), i + 1],
      );
    }
  });
  afterAll(() => db.close());

  it('tags audit: one audit per currency, each adding only its own currency', async () => {
    const audits = await tagAuditByCurrency(db, { required: ['team', 'env'], aliases: {} });
    expect(audits.map((a) => a.currency)).toEqual(['USD', 'EUR']);
    const [usd, eur] = audits;
    expect(usd!.grossCost).toBeCloseTo(1000, 9);
    expect(eur!.grossCost).toBeCloseTo(400, 9);
    expect(usd!.keys).toEqual([
      { key: 'team', costShare: 0.2, resourceShare: 2 / 3 },
      { key: 'env', costShare: 0.05, resourceShare: 1 / 3 },
    ]);
    expect(eur!.compliant.costShare).toBeCloseTo(0.25, 9);
    expect(usd!.topUntagged.map((u) => u.resourceId)).toEqual(['vm-us-3', 'vm-us-2']);
    expect(eur!.topUntagged.map((u) => u.resourceId)).toEqual(['vm-eu-2']);
    expect(eur!.offendersByAccount).toEqual([{ subAccount: 'acct-1', untaggedCost: 300, untaggedResources: 1 }]);
  });

  it('tags audit without a currency refuses a warehouse holding two', async () => {
    await expect(tagAudit(db, { required: ['team'], aliases: {} })).rejects.toThrow(/EUR, USD.*per currency/);
  });

  it('costs: every group is of one currency, and the groups of a currency add up to its rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(['ServiceName', 'team', 'env', 'ResourceId', 'SubAccountId'], { minLength: 1 }), async (by) => {
        const groups = await costsByGroup(db, { by });
        for (const currency of ['EUR', 'USD']) {
          const expected = LINES.filter((l) => l[1] === currency).reduce((n, l) => n + l[2], 0);
          const held = groups.filter((g) => g.BillingCurrency === currency).reduce((n, g) => n + g.EffectiveCost, 0);
          expect(held).toBeCloseTo(expected, 9);
        }
        expect(groups.every((g) => g.BillingCurrency === 'EUR' || g.BillingCurrency === 'USD')).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it("dailyCostSeries: every point is of one currency, and a currency's points add up to its rows, to the cent", async () => {
    const dimensions = ['total', 'provider', 'subAccount', 'service', 'team', 'env', 'resource'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...dimensions), async (dimension) => {
        const points = await dailyCostSeries(db, dimension);
        for (const currency of ['EUR', 'USD']) {
          const expected = LINES.filter((l) => l[1] === currency).reduce((n, l) => n + l[2] * 100, 0);
          const held = points.filter((p) => p.currency === currency).reduce((n, p) => n + p.cost, 0);
          expect(Math.round(held * 100)).toBe(expected);
        }
        expect(new Set(points.map((p) => p.currency))).toEqual(new Set(['EUR', 'USD']));
      }),
      { numRuns: 14 },
    );
    // team=payments is billed in EUR only, team=(none) in both: two points, never one sum.
    const none = (await dailyCostSeries(db, 'team')).filter((p) => p.key === '(none)');
    expect(none.map((p) => [p.currency, p.cost])).toEqual([
      ['EUR', 300],
      ['USD', 800],
    ]);
  });

  it('costs --by a key that is neither a FOCUS column nor a carried tag is an error naming what is known', async () => {
    const error = await costsByGroup(db, { by: ['ServiceName', 'teem'] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/cannot group by "teem"/);
    expect(error?.message).toMatch(/Tag keys: env, team\./);
    expect(error?.message).toMatch(/FOCUS columns: .*ServiceName/);
    await expect(costsByGroup(db, { by: ['tag:cost-center'] })).rejects.toThrow(/cannot group by "tag:cost-center"/);
    // Known keys in any case still work.
    expect((await costsByGroup(db, { by: ['servicename', 'tag:team'] })).length).toBeGreaterThan(0);
  });

  it('budget spend (amounts in USD) refuses a scope with costs in another currency, and adds USD alone', async () => {
    await expect(dailyCostInScope(db, { dimension: 'total', key: 'all' })).rejects.toThrow(/total=all has costs in EUR.*USD/);
    expect(await dailyCostInScope(db, { dimension: 'team', key: 'search' })).toEqual([{ date: '2025-03-02', costUsd: 200 }]);
  });

  it('budget statuses (the daily run and detect budgets): a refused scope is reported by name, the others still evaluated', async () => {
    const budget = (name: string, scope: { dimension: 'total' | 'team'; key: string }) => ({
      name,
      period: 'monthly' as const,
      amountUsd: 1000,
      scope,
      alertAtPct: [50],
    });
    const status = await budgetStatuses(db, [budget('everything', { dimension: 'total', key: 'all' }), budget('search', { dimension: 'team', key: 'search' })]);
    expect(status.budgets.map((b) => [b.name, b.spentUsd])).toEqual([['search', 200]]);
    expect(status.refused).toEqual([
      { name: 'everything', reason: expect.stringMatching(/^budget "everything": budget scope total=all has costs in EUR \(billing account \(no account\)\)/) },
    ]);
  });

  it('unit costs: one row per key and currency, each cost per unit in its own currency', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-unit-'));
    try {
      const metric = join(dir, 'requests.csv');
      writeFileSync(metric, 'date,team,requests\n2025-03-02,search,100\n2025-03-02,payments,50\n');
      const unit = await unitCosts(db, metric);
      expect(unit.rows.map((r) => [r.key, r.currency, r.effectiveCost, r.costPerUnit])).toEqual([
        ['search', 'USD', 200, 2],
        ['payments', 'EUR', 100, 2],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
