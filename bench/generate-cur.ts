/**
 * Writes a synthetic legacy CUR shaped like the real sample (../shared/data/aws, 94 columns): each
 * row is a sample row with a fresh line-item id, a day of the month, a scaled cost and a resource id,
 * plus two user tag columns spelled as teams really spell them. DuckDB writes it (fast, multi-core).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const SAMPLE_CUR = resolve(process.cwd(), '../shared/data/aws/focus_converters_sample-anonymous-aws-legacy-cur.csv');

export async function generateCur(rows: number, dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'))): Promise<string> {
  const out = join(dir, `synthetic-cur-${rows}.csv`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE templates AS SELECT row_number() OVER () - 1 AS t, * FROM read_csv('${SAMPLE_CUR}', all_varchar = true, header = true)`);
  const [count] = (await connection.runAndReadAll('SELECT count(*) AS n FROM templates')).getRowObjectsJS();
  const n = Number(count?.n);
  const day = `lpad(CAST(1 + (i // ${n}) % 28 AS VARCHAR), 2, '0')`;
  const scale = `(1 + (i % 7) / 10.0)`;
  await connection.run(`
    COPY (
      SELECT * EXCLUDE (t, i) REPLACE (
               "identity/LineItemId" || '-' || CAST(i AS VARCHAR) AS "identity/LineItemId",
               '2023-11-' || ${day} || 'T00:00:00.000Z' AS "lineItem/UsageStartDate",
               CASE WHEN "lineItem/LineItemType" = 'Tax' THEN "lineItem/UsageEndDate" ELSE '2023-11-' || ${day} || 'T01:00:00.000Z' END AS "lineItem/UsageEndDate",
               CAST(round(TRY_CAST("lineItem/UnblendedCost" AS DOUBLE) * ${scale}, 10) AS VARCHAR) AS "lineItem/UnblendedCost",
               CAST(round(TRY_CAST("lineItem/BlendedCost" AS DOUBLE) * ${scale}, 10) AS VARCHAR) AS "lineItem/BlendedCost",
               CAST(round(TRY_CAST("pricing/publicOnDemandCost" AS DOUBLE) * ${scale}, 10) AS VARCHAR) AS "pricing/publicOnDemandCost"),
             'arn:aws:ec2:us-east-1:123412340534:instance/i-' || lpad(CAST(i % 5000 AS VARCHAR), 8, '0') AS "lineItem/ResourceId",
             CASE i % 4 WHEN 0 THEN 'payments' WHEN 1 THEN ' search ' WHEN 2 THEN 'platform' END AS "resourceTags/user:Team",
             CASE i % 3 WHEN 0 THEN 'prod' WHEN 1 THEN 'staging' END AS "resourceTags/user:environment"
      FROM range(${rows}) r(i) JOIN templates ON templates.t = i % ${n}
    ) TO '${out}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
  instance.closeSync();
  return out;
}

if (process.argv[1]?.endsWith('generate-cur.ts')) {
  const rows = Number(process.argv[2] ?? 5_000_000);
  process.stdout.write(`${await generateCur(rows)}\n`);
}
