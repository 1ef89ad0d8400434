import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, tagAudit, type Warehouse } from '../../warehouse/index.js';

/** ResourceId, ChargeCategory, EffectiveCost, tags: a month with an untagged credit, as AWS and FOCUS exports have. */
const LINES: [string | null, string, number, Record<string, string>][] = [
  ['i-payments', 'Usage', 60, { team: 'payments', env: 'prod' }],
  ['i-search', 'Usage', 30, { team: 'search' }],
  ['i-orphan', 'Usage', 10, {}],
  // Account-level credit and a refund: no resource, no tags, and they lower net cost to 55.
  [null, 'Credit', -40, {}],
  [null, 'Credit', -5, {}],
];

describe('tag audit: cost shares are of gross cost, credits apart', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    for (const [i, [resource, category, cost, tags]] of LINES.entries()) {
      await db.connection.run(
        `INSERT INTO focus_rows (ResourceId, ChargeCategory, EffectiveCost, SubAccountId, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
         VALUES ($1, $2, $3, 'acct-1', $4, 'credits.csv', $5, 0, 'ing_test', 'focus')`,
        [resource, category, cost, JSON.stringify(tags), i + 1],
      );
    }
  });
  afterAll(() => db.close());

  it('keeps every share within [0, 1] where net cost would exceed 100 %', async () => {
    const audit = await tagAudit(db, ['team', 'env']);
    const net = 60 + 30 + 10 - 40 - 5;
    // The old definition: tagged EffectiveCost over net EffectiveCost.
    expect((60 + 30) / net).toBeGreaterThan(1);

    expect(audit.grossCost).toBeCloseTo(100, 9);
    expect(audit.netCost).toBeCloseTo(net, 9);
    expect(audit.keys).toEqual([
      { key: 'team', costShare: 0.9, resourceShare: 2 / 3 },
      { key: 'env', costShare: 0.6, resourceShare: 1 / 3 },
    ]);
    expect(audit.compliant.costShare).toBeCloseTo(0.6, 9);
    for (const share of [audit.compliant.costShare, ...audit.keys.map((k) => k.costShare)]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(audit.credits).toEqual({ cost: -45, shareOfGross: 0.45, material: true });
  });
});
