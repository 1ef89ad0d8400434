import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagNormalizationMacros } from '../../warehouse/tag-normalization.js';
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
    const audit = await tagAudit(db, { required: ['team', 'env'], aliases: {} });
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

/** ResourceId, EffectiveCost, raw tags as the source spelled them: variants of one key in every case, spacing and order. */
const VARIANT_LINES: [string, number, Record<string, string>][] = [
  // Team under its alias, env behind an empty variant: both carried.
  ['i-alias', 40, { 'Owner-Team': 'web', ' ENV ': 'dev', Owner: 'ana' }],
  // The first variant is empty, the second is not: carried, whatever the order.
  ['i-empty-first', 30, { team: ' ', Team: 'search', env: 'dev', owner: 'bo' }],
  // Env=dev next to env=prod, and two owners: carried, and listed as conflicts.
  ['i-conflict', 20, { team: 'pay', Env: 'dev', env: 'prod', owner: 'ana', Owner: 'cy' }],
  // Only empty or whitespace values: missing.
  ['i-blank', 10, { team: '', ' Env': '\t', owner: '\u00a0' }],
];

const ALIASES = { team: ['owner-team'] };

describe('tag audit: every variant of a key counts, as every other reader reads it', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    for (const macro of tagNormalizationMacros(ALIASES)) await db.connection.run(macro);
    for (const [i, [resource, cost, raw]] of VARIANT_LINES.entries()) {
      // x_tags exactly as ingest writes it (one value per key); the audit must read every variant.
      await db.connection.run(
        `INSERT INTO focus_rows (ResourceId, ChargeCategory, EffectiveCost, SubAccountId, x_tags_raw, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
         VALUES ($1, 'Usage', $2, 'acct-1', $3, tg_normalize_tags($3), 'variants.csv', $4, 0, 'ing_test', 'focus')`,
        [resource, cost, JSON.stringify(raw), i + 1],
      );
    }
  });
  afterAll(() => db.close());

  it('finds a required key under any spelling or alias, and only with a non-empty value', async () => {
    const audit = await tagAudit(db, { required: ['team', 'env', 'owner'], aliases: ALIASES, envKey: 'env', excludeKey: 'tollgate:exclude' });
    expect(audit.keys).toEqual([
      { key: 'team', costShare: 0.9, resourceShare: 0.75 },
      { key: 'env', costShare: 0.9, resourceShare: 0.75 },
      { key: 'owner', costShare: 0.9, resourceShare: 0.75 },
    ]);
    expect(audit.topUntagged).toEqual([{ resourceId: 'i-blank', service: null, subAccount: 'acct-1', missing: ['env', 'owner', 'team'], effectiveCost: 10 }]);
    expect(audit.conflicts).toEqual([
      { resourceId: 'i-empty-first', key: 'team', variants: ['Team=search', 'team='], effectiveCost: 30 },
      { resourceId: 'i-conflict', key: 'env', variants: ['Env=dev', 'env=prod'], effectiveCost: 20 },
      { resourceId: 'i-conflict', key: 'owner', variants: ['Owner=cy', 'owner=ana'], effectiveCost: 20 },
    ]);
  });
});
