import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllocationPolicySchema } from '../../guardrails/allocation-schema.js';
import { allocatedRelationSql, costsByGroup, openWarehouse, queryRows, type AllocationRules, type Warehouse } from '../../warehouse/index.js';

interface Line {
  team: string | null;
  currency: string;
  subAccount: string;
  cents: number;
}

async function load(db: Warehouse, lines: Line[]): Promise<void> {
  await db.connection.run('DELETE FROM focus_rows');
  if (lines.length === 0) return;
  const values = lines.map(
    (l, i) =>
      `(${l.cents / 100}, ${l.cents / 100}, ${l.cents / 100}, '${l.currency}', '${l.subAccount}', 'r-${i}', TIMESTAMP '2026-01-01', ${l.team === null ? 'NULL' : `'{"team":"${l.team}"}'`}, 'prop.csv', ${i + 1}, 0, 'ing_prop', 'focus')`,
  );
  await db.connection.run(
    `INSERT INTO focus_rows (BilledCost, EffectiveCost, ListCost, BillingCurrency, SubAccountId, ResourceId, ChargePeriodStart, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     VALUES ${values.join(', ')}`,
  );
}

const totalsByCurrency = async (db: Warehouse, from: string) =>
  Object.fromEntries(
    (
      await queryRows(db, `SELECT BillingCurrency AS c, sum(BilledCost)::DOUBLE AS billed, sum(EffectiveCost)::DOUBLE AS effective FROM ${from} GROUP BY 1`)
    ).map((r) => [String(r.c), { billed: Number(r.billed), effective: Number(r.effective) }]),
  );

const line = fc.record({
  team: fc.constantFrom('checkout', 'search', 'data', null),
  currency: fc.constantFrom('USD', 'EUR'),
  subAccount: fc.constantFrom('shared', 'prod'),
  cents: fc.integer({ min: -2_000, max: 500_000 }),
});

const rule = fc.oneof(
  fc.record({ id: fc.constant('untagged'), match: fc.constant({ untagged: true as const }), method: fc.constant('proportional' as const) }),
  fc.record({
    id: fc.constant('untagged'),
    match: fc.constant({ untagged: true as const }),
    method: fc.constant('even' as const),
    teams: fc.constant(['checkout', 'search', 'data']),
  }),
  fc.record({
    id: fc.constant('shared'),
    match: fc.constant({ subAccount: 'shared' }),
    method: fc.constant('fixed' as const),
    shares: fc.constant({ checkout: 50, search: 33, data: 17 }),
  }),
  fc.record({
    id: fc.constant('shared'),
    match: fc.constant({ subAccount: 'shared' }),
    method: fc.constant('proportional' as const),
    teams: fc.constant(['search', 'data']),
  }),
);

describe('cost allocation', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
  });
  afterAll(() => db.close());

  it('conserves BilledCost and EffectiveCost per currency to the cent, whatever the rules', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.uniqueArray(rule, { selector: (r) => r.id, maxLength: 2 }), async (lines, rules) => {
        await load(db, lines);
        const allocation: AllocationRules = AllocationPolicySchema.parse({ key: 'team', rules });
        const before = await totalsByCurrency(db, 'focus_rows');
        const after = await totalsByCurrency(db, `${allocatedRelationSql(allocation)} a`);
        expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
        for (const [currency, t] of Object.entries(before)) {
          expect(Math.abs(after[currency]!.billed - t.billed)).toBeLessThan(0.005);
          expect(Math.abs(after[currency]!.effective - t.effective)).toBeLessThan(0.005);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('splits by fixed percentages and marks the lines with FOCUS 1.3 allocation columns', async () => {
    await load(db, [
      { team: null, currency: 'USD', subAccount: 'shared', cents: 1000 },
      { team: 'checkout', currency: 'USD', subAccount: 'prod', cents: 300 },
    ]);
    const allocation = AllocationPolicySchema.parse({
      rules: [{ id: 'shared-70-30', match: { subAccount: 'shared' }, method: 'fixed', shares: { checkout: 70, search: 30 } }],
    });
    const groups = await costsByGroup(db, { by: ['team'], allocation });
    expect(groups.map((g) => [g.team, g.BillingCurrency, Number(g.EffectiveCost.toFixed(2))])).toEqual([
      ['checkout', 'USD', 10],
      ['search', 'USD', 3],
    ]);
    const marked = await queryRows(
      db,
      `SELECT AllocatedMethodId AS m, AllocatedResourceId AS r, AllocatedTags->>'team' AS t, (AllocatedMethodDetails->'Elements'->0->>'AllocatedRatio')::DOUBLE AS ratio
       FROM ${allocatedRelationSql(allocation)} a WHERE AllocatedMethodId IS NOT NULL ORDER BY t`,
    );
    expect(marked).toEqual([
      { m: 'shared-70-30', r: 'r-0', t: 'checkout', ratio: 0.7 },
      { m: 'shared-70-30', r: 'r-0', t: 'search', ratio: 0.3 },
    ]);
  });

  it('splits untagged cost proportionally to tagged cost, per currency; with none to weigh by, it stays unallocated', async () => {
    await load(db, [
      { team: null, currency: 'USD', subAccount: 'prod', cents: 1000 },
      { team: 'checkout', currency: 'USD', subAccount: 'prod', cents: 3000 },
      { team: 'search', currency: 'USD', subAccount: 'prod', cents: 1000 },
      { team: null, currency: 'EUR', subAccount: 'prod', cents: 500 },
    ]);
    const allocation = AllocationPolicySchema.parse({ rules: [{ id: 'untagged', match: { untagged: true }, method: 'proportional' }] });
    const groups = await costsByGroup(db, { by: ['team'], allocation });
    const byKey = Object.fromEntries(groups.map((g) => [`${g.team ?? '(none)'}/${g.BillingCurrency}`, Number(g.EffectiveCost.toFixed(2))]));
    expect(byKey).toEqual({ 'checkout/USD': 37.5, 'search/USD': 12.5, '(none)/EUR': 5 });
  });

  it('refuses rules that cannot be applied as written', () => {
    expect(() => AllocationPolicySchema.parse({ rules: [{ id: 'x', match: { untagged: true }, method: 'fixed', shares: { a: 60, b: 30 } }] })).toThrow(
      /sum to 100/,
    );
    expect(() => AllocationPolicySchema.parse({ rules: [{ id: 'x', match: { untagged: true }, method: 'even' }] })).toThrow(/teams/);
    expect(() => AllocationPolicySchema.parse({ rules: [{ id: 'x', match: { untagged: true, subAccount: 'a' }, method: 'proportional' }] })).toThrow(
      /exactly one/,
    );
  });
});
