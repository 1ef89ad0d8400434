import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeParts } from '../../ingest/landing/merge-parts.js';
import { DataError, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';

describe("joining a manifest's parts into one file", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-merge-'));
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(join(dir, 'w.duckdb'));
  });
  afterAll(() => db.close());
  const part = (name: string, body: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return { file, uri: `s3://b/${name}` };
  };

  it('keeps the header once, decompresses gzip parts and starts each part on its own line', async () => {
    const out = mkdtempSync(join(dir, 'a-'));
    const merged = await mergeParts(db, [part('p1.csv.gz', gzipSync('a,b\n1,2\n3,4')), part('p2.csv', 'a,b\r\n5,6\n')], out);
    expect(readFileSync(merged, 'utf8')).toBe('a,b\n1,2\n3,4\n5,6\n');
  });

  it('refuses parts whose headers differ, naming the part', async () => {
    const out = mkdtempSync(join(dir, 'b-'));
    const error = await mergeParts(db, [part('q1.csv', 'a,b\n1,2\n'), part('q2.csv', 'a,c\n3,4\n')], out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/^s3:\/\/b\/q2\.csv, row 0: this part's header differs/);
  });

  it('joins Parquet parts through DuckDB', async () => {
    const out = mkdtempSync(join(dir, 'c-'));
    const p1 = join(dir, 'r1.parquet');
    const p2 = join(dir, 'r2.parquet');
    await db.connection.run(`COPY (SELECT 1 AS a, 'x' AS b) TO '${p1}' (FORMAT parquet)`);
    await db.connection.run(`COPY (SELECT 2 AS a, 'y' AS b) TO '${p2}' (FORMAT parquet)`);
    const merged = await mergeParts(
      db,
      [
        { file: p1, uri: 's3://b/r1.parquet' },
        { file: p2, uri: 's3://b/r2.parquet' },
      ],
      out,
    );
    expect(await queryRows(db, `SELECT a, b FROM read_parquet('${merged}') ORDER BY a`)).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });
});
