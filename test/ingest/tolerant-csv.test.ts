import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { DataError, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { readRawCsv } from './raw-csv.js';

const FIXTURE = resolve(process.cwd(), 'test/fixtures/ingest/azure-mca-camel-actual.csv');
const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };

describe('valid CSV that DuckDB’s strict reader refuses still loads, record for record', () => {
  let db: Warehouse;
  let dir: string;
  const raw = readRawCsv(FIXTURE);
  const rawTotal = raw.reduce((sum, r) => sum + Number(r.costInBillingCurrency), 0);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-tolerant-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
  });
  afterAll(() => db.close());

  async function loaded(file: string) {
    return queryRows(
      db,
      `SELECT count(*) AS rows, sum(BilledCost)::DOUBLE AS billed, min(BillingCurrency) AS currency, min(ChargePeriodStart)::VARCHAR AS first,
              max(x_source_row) AS last_row, count(DISTINCT x_tags->>'team') AS teams
       FROM focus_rows WHERE x_source_file = $1`,
      [file],
    );
  }

  it('the fixture is one DuckDB’s own reader refuses (line breaks in quoted JSON with padding on)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await expect(
      connection.run(
        `SELECT count(*) FROM read_csv('${FIXTURE}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', null_padding = true)`,
      ),
    ).rejects.toThrow(/quoted new lines/);
    connection.closeSync();
    instance.closeSync();
  });

  it('Azure MCA camelCase export with JSON tags and multi-line additionalInfo: every record, its cost and tags', async () => {
    const result = await ingestFile(db, FIXTURE, options);
    expect(result.format).toBe('azure');
    expect(result.rows).toBe(raw.length);
    const [summary] = await loaded(FIXTURE);
    expect(summary).toMatchObject({ rows: raw.length, currency: 'EUR', last_row: raw.length, teams: 3 });
    expect(Number(summary?.billed)).toBeCloseTo(rawTotal, 6);
    // US dates are this layout's own: 10/01/2024 is the first of October.
    expect(summary?.first).toBe('2024-10-01 00:00:00');
    const [owner] = await queryRows(db, `SELECT x_tags->>'owner' AS owner FROM focus_rows WHERE x_source_file = $1 AND x_source_row = 2`, [FIXTURE]);
    expect(owner?.owner).toBe('Ops, Platform "Core"');
  });

  it('mixed record ends (CRLF, then LF: two exports joined) load through the tolerant reader', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const records = text.split('\r\n');
    const mixed = join(dir, 'mixed-ends.csv');
    writeFileSync(mixed, `${records.slice(0, 10).join('\r\n')}\n${records.slice(10).join('\n')}`);
    await ingestFile(db, mixed, options);
    const [summary] = await loaded(mixed);
    expect(summary).toMatchObject({ rows: raw.length, last_row: raw.length });
    expect(Number(summary?.billed)).toBeCloseTo(rawTotal, 6);
  });

  it('a record neither reader accepts is refused with its number, and nothing is stored', async () => {
    const records = readFileSync(FIXTURE, 'utf8').split('\r\n');
    // Record 12: a stray quote right after a closing one, so the field never ends where RFC 4180 says.
    records[12] = records[12]!.replace(/,(prod|dev)-weu,/, ',"$1"-weu,');
    const broken = join(dir, 'broken-quote.csv');
    writeFileSync(broken, records.join('\r\n'));
    const before = await queryRows(db, `SELECT count(*) AS n, (SELECT count(*) FROM ingest_files) AS files FROM focus_rows`);
    const error = await ingestFile(db, broken, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).location).toMatchObject({ file: broken, row: 12 });
    expect((error as DataError).message).toMatch(/not valid CSV.*quot/);
    expect(await queryRows(db, `SELECT count(*) AS n, (SELECT count(*) FROM ingest_files) AS files FROM focus_rows`)).toEqual(before);
  });
});
