import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOCUS_COLUMN_NAMES } from '../../core/index.js';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { exportFocus, literal, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';

const SAMPLE = resolve(process.cwd(), '../shared/data/focus/focus_sample_1.0_1000rows.csv');
const FOCUS_13 = resolve(process.cwd(), 'test/fixtures/focus-1.3/focus-1.3-sample.csv');
const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };

describe('export focus', () => {
  let db: Warehouse;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-export-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
    await ingestFile(db, SAMPLE, options);
    await ingestFile(db, FOCUS_13, options);
  });
  afterAll(() => db.close());

  it('writes the 57 FOCUS 1.2 columns in order, no x_ columns, every row, same totals (Parquet)', async () => {
    const out = join(dir, 'all.parquet');
    const result = await exportFocus(db, { out, format: 'parquet' });
    const [held] = await queryRows(db, `SELECT count(*) AS n, sum(BilledCost)::DOUBLE AS billed FROM focus_rows`);
    expect(result.rows).toBe(held!.n);
    const columns = await queryRows(db, `DESCRIBE SELECT * FROM read_parquet(${literal(out)})`);
    expect(columns.map((c) => c.column_name)).toEqual(FOCUS_COLUMN_NAMES);
    const [read] = await queryRows(db, `SELECT count(*) AS n, sum(BilledCost)::DOUBLE AS billed FROM read_parquet(${literal(out)})`);
    expect(read).toEqual(held);
  });

  it('CSV timestamps are ISO 8601 UTC with Z, and --from/--to filter on ChargePeriodStart', async () => {
    const out = join(dir, 'sept-first.csv');
    const result = await exportFocus(db, { out, format: 'csv', from: '2024-09-01', to: '2024-09-02' });
    const [expected] = await queryRows(db, `SELECT count(*) AS n FROM focus_rows WHERE ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-09-02'`);
    expect(result.rows).toBe(expected!.n);
    expect(result.rows).toBeGreaterThan(0);
    const rows = await queryRows(db, `SELECT ChargePeriodStart FROM read_csv(${literal(out)}, all_varchar = true)`);
    expect(rows.length).toBe(result.rows);
    for (const r of rows) expect(r.ChargePeriodStart).toMatch(/^2024-09-01T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('refuses a bound that is not a date, naming it', async () => {
    await expect(exportFocus(db, { out: join(dir, 'x.csv'), format: 'csv', from: "2024-09-01' OR 1=1 --" })).rejects.toThrow(/is not a date; write YYYY-MM-DD/);
  });
});

describe('FOCUS 1.3 files', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    await ingestFile(db, FOCUS_13, options);
  });
  afterAll(() => db.close());

  it('take ProviderName and PublisherName from ServiceProviderName, and keep the 1.3 columns', async () => {
    const rows = await queryRows(
      db,
      `SELECT ProviderName, PublisherName, ServiceProviderName, HostProviderName, AllocatedMethodId, AllocatedResourceId,
              AllocatedTags->>'team' AS allocatedTeam, ContractApplied IS NOT NULL AS contract FROM focus_rows ORDER BY x_source_row`,
    );
    expect(rows).toHaveLength(5);
    for (const r of rows) expect([r.ProviderName, r.PublisherName, r.ServiceProviderName, r.HostProviderName]).toEqual(['AWS', 'AWS', 'AWS', 'AWS']);
    expect(rows.filter((r) => r.AllocatedMethodId === 'proportional-usage').map((r) => [r.AllocatedResourceId, r.allocatedTeam])).toEqual([
      ['nat-0shared01', 'checkout'],
      ['nat-0shared01', 'search'],
    ]);
    expect(rows.filter((r) => r.contract)).toHaveLength(1);
  });

  it('fills the 1.3 provider columns for 1.2 and provider exports from ProviderName', async () => {
    const other = await openWarehouse(':memory:');
    try {
      await ingestFile(other, SAMPLE, options);
      const [mismatch] = await queryRows(
        other,
        `SELECT count(*) AS n FROM focus_rows WHERE ServiceProviderName IS DISTINCT FROM ProviderName OR HostProviderName IS DISTINCT FROM ProviderName`,
      );
      expect(mismatch!.n).toBe(0);
    } finally {
      other.close();
    }
  });
});
