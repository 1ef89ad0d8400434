import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { DataError, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';

const CUR = resolve(process.cwd(), '../shared/data/aws/koku_test_cur_legacy_2018-06.csv');
const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };

/** Everything a load could change, as one comparable value. */
async function snapshot(db: Warehouse): Promise<unknown> {
  return queryRows(
    db,
    `SELECT (SELECT count(*) FROM focus_rows) AS rows, (SELECT sum(BilledCost)::DOUBLE FROM focus_rows) AS billed,
            (SELECT string_agg(ingest_id, ',' ORDER BY ingest_id) FROM ingest_files) AS ingests`,
  );
}

describe('a bad file is refused with file, row and column, and nothing is written', () => {
  let db: Warehouse;
  let dir: string;
  const lines = readFileSync(CUR, 'utf8').split('\n');
  const header = lines[0]!.split(',');
  const costIndex = header.indexOf('lineItem/UnblendedCost');
  const currencyIndex = header.indexOf('lineItem/CurrencyCode');
  const withField = (lineIndex: number, field: number, value: string) =>
    lines
      .map((line, i) =>
        i === lineIndex
          ? line
              .split(',')
              .map((f, j) => (j === field ? value : f))
              .join(',')
          : line,
      )
      .join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-bad-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
    const good = join(dir, 'good.csv');
    copyFileSync(resolve(process.cwd(), '../shared/data/azure/finops-toolkit/EA_ActualCost_Small.csv'), good);
    await ingestFile(db, good, options);
  });
  afterAll(() => db.close());

  const cases: { name: string; content: () => string; problem: RegExp; row?: number; column?: string }[] = [
    { name: 'non-numeric cost', content: () => withField(5, costIndex, 'twelve'), problem: /not a number/, row: 5, column: 'lineItem/UnblendedCost' },
    {
      name: 'mixed currencies in one billing account',
      content: () => withField(7, currencyIndex, 'EUR'),
      problem: /mixes currencies/,
      row: 7,
      column: 'lineItem/CurrencyCode',
    },
    { name: 'truncated file', content: () => lines.join('\n').replace(/\n$/, '').slice(0, -40), problem: /truncated/ },
    { name: 'wrong delimiter', content: () => lines.map((l) => l.replaceAll(',', ';')).join('\n'), problem: /wrong delimiter/, row: 0 },
    { name: 'unknown layout', content: () => 'when,what,how much\n2024-01-01,coffee,3.50\n', problem: /unknown layout/, row: 0 },
  ];

  it.each(cases)('$name', async ({ name, content, problem, row, column }) => {
    const file = join(dir, `${name.replaceAll(' ', '-')}.csv`);
    writeFileSync(file, content());
    const before = await snapshot(db);
    const error = await ingestFile(db, file, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    const dataError = error as DataError;
    expect(dataError.message).toMatch(problem);
    expect(dataError.location.file).toBe(file);
    if (row !== undefined) expect(dataError.location.row).toBe(row);
    if (column !== undefined) expect(dataError.location.column).toBe(column);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a currency clash with rows already held rolls the whole file back', async () => {
    const rows = readFileSync(resolve(process.cwd(), '../shared/data/azure/finops-toolkit/EA_ActualCost_Small.csv'), 'utf8').replaceAll(',USD,', ',EUR,');
    const file = join(dir, 'same-account-other-currency.csv');
    writeFileSync(file, rows);
    const before = await snapshot(db);
    await expect(ingestFile(db, file, options)).rejects.toThrow(/more than one currency/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a new version of the same path replaces its rows instead of doubling them', async () => {
    const file = join(dir, 'versioned.csv');
    writeFileSync(file, lines.slice(0, 10).join('\n') + '\n');
    const first = await ingestFile(db, file, options);
    writeFileSync(file, lines.join('\n'));
    const second = await ingestFile(db, file, options);
    expect(first.rows).toBe(9);
    expect(second.replacedRows).toBe(9);
    const [held] = await queryRows(db, `SELECT count(*) AS n FROM focus_rows WHERE x_source_file = $1`, [file]);
    expect(Number(held?.n)).toBe(second.rows);
  });
});
