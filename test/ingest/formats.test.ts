import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile, reconcileFile } from '../../ingest/index.js';
import { openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { money, readRawCsv, sum } from './raw-csv.js';

const FIXTURES = resolve(process.cwd(), 'test/fixtures/ingest');
const CUR2 = join(FIXTURES, 'aws-cur2-sample.csv');
const GCP_JSONL = join(FIXTURES, 'gcp-billing-export.jsonl');
const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };

describe('source layouts beyond the real samples', () => {
  let db: Warehouse;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-formats-'));
    db = await openWarehouse(':memory:');
  });
  afterAll(() => db.close());

  const byType = async (file: string) =>
    Object.fromEntries(
      (
        await queryRows(
          db,
          `SELECT ChargeDescription, ChargeCategory, BilledCost::DOUBLE AS b, EffectiveCost::DOUBLE AS e, ListCost::DOUBLE AS l, CommitmentDiscountStatus AS s, x_tags::VARCHAR AS tags, x_source_row AS r
           FROM focus_rows WHERE x_source_file = $1`,
          [file],
        )
      ).map((r) => [Number(r.r), r]),
    );

  it('CUR 2.0 CSV: FOCUS cost semantics for savings plans, reservations, credits, refunds and tax', async () => {
    const result = await ingestFile(db, CUR2, options);
    expect(result.format).toBe('aws-cur2');
    const raw = readRawCsv(CUR2);
    const rows = await byType(CUR2);
    expect(Object.keys(rows)).toHaveLength(raw.length);
    const [billed] = await queryRows(db, `SELECT sum(BilledCost)::DOUBLE AS b FROM focus_rows WHERE x_source_file = $1`, [CUR2]);
    expect(Number(billed?.b)).toBeCloseTo(sum(raw.map((r) => money(r.line_item_unblended_cost))), 9);
    const typeOf = (i: number) => raw[i - 1]!.line_item_line_item_type;
    for (const [row, r] of Object.entries(rows)) {
      const source = raw[Number(row) - 1]!;
      if (typeOf(Number(row)) === 'SavingsPlanCoveredUsage') expect([r.e, r.s]).toEqual([money(source.savings_plan_savings_plan_effective_cost), 'Used']);
      if (typeOf(Number(row)) === 'SavingsPlanNegation') expect([r.e, r.l]).toEqual([0, 0]);
      if (typeOf(Number(row)) === 'SavingsPlanRecurringFee')
        expect(r.e).toBeCloseTo(money(source.savings_plan_total_commitment_to_date) - money(source.savings_plan_used_commitment), 9);
      if (typeOf(Number(row)) === 'DiscountedUsage')
        expect([r.b, r.e, r.l]).toEqual([0, money(source.reservation_effective_cost), money(source.pricing_public_on_demand_cost)]);
      if (['Credit', 'Refund'].includes(typeOf(Number(row)) ?? '')) expect(r.ChargeCategory).toBe('Credit');
      if (typeOf(Number(row)) === 'Tax') expect(r.ChargeCategory).toBe('Tax');
    }
    // user_Team, user_team and user_owner-team all normalize to team; values are trimmed.
    const teams = Object.values(rows).map((r) => (r.tags ? (JSON.parse(String(r.tags)) as Record<string, string>).team : undefined));
    expect(teams.filter(Boolean).sort()).toEqual(['payments', 'payments', 'search', 'search']);
    expect((await reconcileFile(db, CUR2)).ok).toBe(true);
  });

  it('CUR 2.0 Parquet with real map columns reads the same as the CSV', async () => {
    const parquet = join(dir, 'cur2.parquet');
    await db.connection.run(
      `COPY (SELECT * REPLACE (CAST(json_transform(product, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS product,
                                CAST(json_transform(resource_tags, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS resource_tags,
                                CAST(line_item_unblended_cost AS DOUBLE) AS line_item_unblended_cost)
             FROM read_csv('${CUR2}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    const result = await ingestFile(db, parquet, options);
    expect(result.format).toBe('aws-cur2');
    const compare = `SELECT x_source_row, BilledCost, EffectiveCost, ListCost, ServiceName, RegionId, x_tags::VARCHAR AS t FROM focus_rows WHERE x_source_file = $1 ORDER BY 1`;
    expect(await queryRows(db, compare, [parquet])).toEqual(await queryRows(db, compare, [CUR2]));
  });

  it('GCP JSON lines: nested records flattened, each credit its own row, resource labels over project labels', async () => {
    const result = await ingestFile(db, GCP_JSONL, options);
    expect(result.format).toBe('gcp');
    const lines = readFileSync(GCP_JSONL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { cost: number; credits: { amount: number }[] });
    const credits = lines.flatMap((l) => l.credits);
    expect(result.rows).toBe(lines.length + credits.length);
    const [totals] = await queryRows(
      db,
      `SELECT sum(BilledCost)::DOUBLE AS b, count(*) FILTER (ChargeCategory = 'Credit') AS credits, count(*) FILTER (CommitmentDiscountType IS NOT NULL) AS cud,
              list(DISTINCT json_extract_string(x_tags, '$.team')) FILTER (x_source_part = 0 AND x_tags IS NOT NULL) AS teams FROM focus_rows WHERE x_source_file = $1`,
      [GCP_JSONL],
    );
    expect(Number(totals?.b)).toBeCloseTo(sum(lines.map((l) => l.cost)) + sum(credits.map((c) => c.amount)), 9);
    expect(Number(totals?.credits)).toBe(credits.length);
    expect(Number(totals?.cud)).toBe(1);
    expect((totals?.teams as string[]).sort()).toEqual(['checkout', 'search']);
    expect((await reconcileFile(db, GCP_JSONL)).ok).toBe(true);
  });

  it('Azure camelCase headers map like PascalCase ones', async () => {
    const source = resolve(process.cwd(), '../shared/data/azure/finops-toolkit/EA_ActualCost_Small.csv');
    const [header, ...rest] = readFileSync(source, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    const camel = join(dir, 'azure-camel.csv');
    writeFileSync(
      camel,
      [
        header!
          .split(',')
          .map((h) => h.charAt(0).toLowerCase() + h.slice(1))
          .join(','),
        ...rest,
      ].join('\n'),
    );
    expect((await ingestFile(db, camel, options)).format).toBe('azure');
    const compare = `SELECT x_source_row, BilledCost, EffectiveCost, ListCost, ChargeCategory, SubAccountId, x_tags::VARCHAR AS t FROM focus_rows WHERE x_source_file = $1 ORDER BY 1`;
    const pascal = join(dir, 'azure-pascal.csv');
    writeFileSync(pascal, readFileSync(source));
    await ingestFile(db, pascal, options);
    expect(await queryRows(db, compare, [camel])).toEqual(await queryRows(db, compare, [pascal]));
    const [purchase] = await queryRows(
      db,
      `SELECT BilledCost::DOUBLE AS b, EffectiveCost::DOUBLE AS e FROM focus_rows WHERE x_source_file = $1 AND ChargeCategory = 'Purchase'`,
      [camel],
    );
    expect(purchase).toEqual({ b: 3.25, e: 0 });
  });

  it('--format overrides sniffing, and a wrong one fails on its missing columns', async () => {
    const file = join(dir, 'gcp-as-aws.jsonl');
    // Different bytes from the fixture, so it is not recognized as already ingested.
    writeFileSync(file, `${readFileSync(GCP_JSONL, 'utf8')}\n`);
    await expect(ingestFile(db, file, { ...options, format: 'aws-cur' })).rejects.toThrow(/missing column for the aws-cur layout/);
  });
});
