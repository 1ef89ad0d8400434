import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile, reconcileFile } from '../../ingest/index.js';
import { literal, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { money, readRawCsv, sum } from './raw-csv.js';

const FOCUS_CSV = resolve(process.cwd(), '../shared/data/focus/focus_sample_1.0_1000rows.csv');
const GCP_JSONL = resolve(process.cwd(), 'test/fixtures/ingest/gcp-billing-export.jsonl');
const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };

/** Every FOCUS column and the row provenance that does not depend on the file's name or bytes. */
const ROWS = `SELECT * EXCLUDE (x_source_file, x_ingest_id) FROM focus_rows WHERE x_source_file = $1 ORDER BY x_source_row, x_source_part`;

describe('the same billing data in other containers (CSV.gz, Parquet)', () => {
  let dir: string;
  let db: Warehouse;
  const raw = readRawCsv(FOCUS_CSV);
  const rawBilled = sum(raw.map((r) => money(r.BilledCost)));

  const held = async (file: string) => {
    const [row] = await queryRows(db, `SELECT count(*) AS n, sum(BilledCost)::DOUBLE AS billed FROM focus_rows WHERE x_source_file = $1`, [file]);
    return { rows: Number(row?.n), billed: Number(row?.billed) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-containers-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
    // The plain CSV is the reference the other containers are compared with, row by row.
    expect((await ingestFile(db, FOCUS_CSV, options)).format).toBe('focus');
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the raw sample is what the tests assume', () => {
    expect(raw).toHaveLength(1000);
    expect(rawBilled).toBeGreaterThan(1);
  });

  it('FOCUS CSV.gz: detected as FOCUS, same rows and BilledCost as the raw CSV, reconciles', async () => {
    const gz = join(dir, 'focus_sample.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(FOCUS_CSV)));
    expect(gunzipSync(readFileSync(gz)).equals(readFileSync(FOCUS_CSV))).toBe(true);
    const result = await ingestFile(db, gz, options);
    expect([result.format, result.status, result.rows]).toEqual(['focus', 'loaded', raw.length]);
    const h = await held(gz);
    expect(h.rows).toBe(raw.length);
    expect(h.billed).toBeCloseTo(rawBilled, 9);
    expect(await queryRows(db, ROWS, [gz])).toEqual(await queryRows(db, ROWS, [FOCUS_CSV]));
    const report = await reconcileFile(db, gz);
    expect(report.ok).toBe(true);
    expect(sum(report.lines.map((l) => l.source))).toBeCloseTo(rawBilled, 9);
  });

  it('FOCUS Parquet with typed columns (DOUBLE costs, TIMESTAMP periods, real NULLs): same rows and totals', async () => {
    const parquet = join(dir, 'focus_typed.parquet');
    await db.connection.run(`COPY (SELECT * FROM read_csv(${literal(FOCUS_CSV)}, nullstr = 'NULL')) TO ${literal(parquet)} (FORMAT parquet)`);
    const [types] = await queryRows(
      db,
      `SELECT list(column_type ORDER BY column_name) AS t FROM (DESCRIBE SELECT BilledCost, ChargePeriodStart FROM read_parquet(${literal(parquet)}))`,
    );
    expect(types?.t).toEqual(['DOUBLE', 'TIMESTAMP']);
    const result = await ingestFile(db, parquet, options);
    expect([result.format, result.rows]).toEqual(['focus', raw.length]);
    const h = await held(parquet);
    expect(h.rows).toBe(raw.length);
    expect(h.billed).toBeCloseTo(rawBilled, 9);
    expect(await queryRows(db, ROWS, [parquet])).toEqual(await queryRows(db, ROWS, [FOCUS_CSV]));
    expect((await reconcileFile(db, parquet)).ok).toBe(true);
  });

  it("FOCUS Parquet written as text keeps the CSV's NULL spelling, which still means null", async () => {
    const parquet = join(dir, 'focus_text.parquet');
    await db.connection.run(`COPY (SELECT * FROM read_csv(${literal(FOCUS_CSV)}, all_varchar = true)) TO ${literal(parquet)} (FORMAT parquet)`);
    const [nulls] = await queryRows(db, `SELECT count(*) FILTER (Tags = 'NULL') AS n FROM read_parquet(${literal(parquet)})`);
    expect(Number(nulls?.n)).toBe(raw.filter((r) => r.Tags === 'NULL').length);
    const result = await ingestFile(db, parquet, options);
    expect([result.format, result.rows]).toEqual(['focus', raw.length]);
    const h = await held(parquet);
    expect(h.rows).toBe(raw.length);
    expect(h.billed).toBeCloseTo(rawBilled, 9);
    expect(await queryRows(db, ROWS, [parquet])).toEqual(await queryRows(db, ROWS, [FOCUS_CSV]));
    expect((await reconcileFile(db, parquet)).ok).toBe(true);
  });

  it('GCP Parquet with nested credits and labels yields the same FOCUS rows and totals as the JSON lines', async () => {
    const parquet = join(dir, 'gcp-billing-export.parquet');
    await db.connection.run(`COPY (SELECT * FROM read_json(${literal(GCP_JSONL)})) TO ${literal(parquet)} (FORMAT parquet)`);
    const [types] = await queryRows(
      db,
      `SELECT list(column_type ORDER BY column_name) AS t FROM (DESCRIBE SELECT credits, labels, project FROM read_parquet(${literal(parquet)}))`,
    );
    expect((types?.t as string[]).every((t) => t.includes('STRUCT('))).toBe(true);

    const lines = readFileSync(GCP_JSONL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { cost: number; credits: { amount: number }[] });
    const credits = lines.flatMap((l) => l.credits.map((c) => c.amount));
    const expectedBilled = sum(lines.map((l) => l.cost)) + sum(credits);

    const fromJsonl = await ingestFile(db, GCP_JSONL, options);
    const fromParquet = await ingestFile(db, parquet, options);
    expect([fromParquet.format, fromParquet.rows]).toEqual(['gcp', lines.length + credits.length]);
    expect(fromParquet.rows).toBe(fromJsonl.rows);
    const h = await held(parquet);
    expect(h.rows).toBe(lines.length + credits.length);
    expect(h.billed).toBeCloseTo(expectedBilled, 9);
    expect(await queryRows(db, ROWS, [parquet])).toEqual(await queryRows(db, ROWS, [GCP_JSONL]));
    const [tags] = await queryRows(
      db,
      `SELECT count(x_tags) AS tagged, count(*) FILTER (ChargeCategory = 'Credit') AS credits FROM focus_rows WHERE x_source_file = $1`,
      [parquet],
    );
    expect(Number(tags?.credits)).toBe(credits.length);
    expect(Number(tags?.tagged)).toBeGreaterThan(0);
    expect((await reconcileFile(db, parquet)).ok).toBe(true);
  });
});
