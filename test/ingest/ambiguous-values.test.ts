import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('ambiguous values are refused with file, row, column and what to do; nothing is stored', () => {
  let db: Warehouse;
  let dir: string;
  // The koku CUR has no quoted fields, so splitting on commas is exact.
  const lines = readFileSync(CUR, 'utf8').split('\n');
  const header = lines[0]!.split(',');
  /** The CUR with record `row` (1-based) changed field by field. */
  const withRecord = (row: number, changes: Record<string, string>) =>
    lines
      .map((line, i) =>
        i === row
          ? line
              .split(',')
              .map((f, j) => changes[header[j]!] ?? f)
              .join(',')
          : line,
      )
      .join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-ambiguous-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
    // Something to leave untouched: the same CUR, loaded as it is.
    await ingestFile(db, CUR, options);
  });
  afterAll(() => db.close());

  const cases: { name: string; content: () => string; problem: RegExp; hint: RegExp; row: number; column: string; found?: string }[] = [
    {
      name: 'a date with slashes in a layout that writes ISO 8601',
      content: () => withRecord(4, { 'lineItem/UsageStartDate': '06/09/2018 01:00:00' }),
      problem: /ambiguous date/,
      hint: /month\/day or day\/month.*ISO 8601/,
      row: 4,
      column: 'lineItem/UsageStartDate',
      found: '06/09/2018 01:00:00',
    },
    {
      name: 'a currency symbol in a cost',
      content: () => withRecord(6, { 'lineItem/UnblendedCost': '$0.50' }),
      problem: /currency symbol or thousands separators/,
      hint: /unformatted numbers/,
      row: 6,
      column: 'lineItem/UnblendedCost',
      found: '$0.50',
    },
    {
      name: 'a thousands separator in a quantity',
      content: () => withRecord(3, { 'lineItem/UsageAmount': '"1,250"' }),
      problem: /currency symbol or thousands separators/,
      hint: /1,000 is one thousand or one/,
      row: 3,
      column: 'lineItem/UsageAmount',
      found: '1,250',
    },
    {
      name: 'an underscore digit separator',
      content: () => withRecord(2, { 'lineItem/UnblendedCost': '1_000' }),
      problem: /currency symbol or thousands separators/,
      hint: /unformatted numbers/,
      row: 2,
      column: 'lineItem/UnblendedCost',
    },
    {
      name: 'a currency code that is not ISO 4217',
      content: () => withRecord(9, { 'lineItem/CurrencyCode': 'US$' }),
      problem: /not an ISO 4217 code/,
      hint: /ISO 4217 code/,
      row: 9,
      column: 'lineItem/CurrencyCode',
      found: 'US$',
    },
    {
      name: 'an empty currency on a record with a cost',
      content: () => withRecord(5, { 'lineItem/CurrencyCode': '' }),
      problem: /a record with a cost has no currency/,
      hint: /export the billing currency/,
      row: 5,
      column: 'lineItem/CurrencyCode',
    },
    {
      name: 'a charge period that starts after it ends',
      content: () => withRecord(8, { 'lineItem/UsageStartDate': '2018-06-18T05:00:00Z', 'lineItem/UsageEndDate': '2018-06-18T04:00:00Z' }),
      problem: /charge period starts after it ends/,
      hint: /swapped/,
      row: 8,
      column: 'ChargePeriodStart',
    },
  ];

  it.each(cases)('$name', async ({ name, content, problem, hint, row, column, found }) => {
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
    expect(dataError.hint).toMatch(hint);
    expect(dataError.location).toMatchObject({ file, row, column });
    if (found !== undefined) expect(dataError.location.found).toBe(found);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a zero-cost record may leave the currency empty', async () => {
    const record = lines[5]!.split(',');
    const zeroed = Object.fromEntries(header.filter((h, j) => h.startsWith('lineItem/') && /Cost/.test(h) && record[j] !== '').map((h) => [h, '0']));
    expect(Object.keys(zeroed)).toContain('lineItem/UnblendedCost');
    const file = join(dir, 'zero-cost-no-currency.csv');
    writeFileSync(file, withRecord(5, { ...zeroed, 'lineItem/CurrencyCode': '' }));
    const result = await ingestFile(db, file, options);
    expect(result.rows).toBe(lines.filter((l) => l.trim() !== '').length - 1);
  });

  it('dates with slashes load once the user names their order, and only as that order reads them', async () => {
    const content = withRecord(4, { 'lineItem/UsageStartDate': '18/06/2018 03:00:00' });
    const file = join(dir, 'day-month-year.csv');
    writeFileSync(file, content);
    await expect(ingestFile(db, file, options)).rejects.toThrow(/ambiguous date/);
    await expect(ingestFile(db, file, { ...options, dateLayout: 'month/day/year' })).rejects.toThrow(/not a date or timestamp/);
    await ingestFile(db, file, { ...options, dateLayout: 'day/month/year' });
    const [row] = await queryRows(db, `SELECT ChargePeriodStart::VARCHAR AS start FROM focus_rows WHERE x_source_file = $1 AND x_source_row = 4`, [file]);
    expect(row?.start).toBe('2018-06-18 03:00:00');
  });
});
