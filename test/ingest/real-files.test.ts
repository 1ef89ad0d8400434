import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile, reconcileFile } from '../../ingest/index.js';
import { DataError, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { money, readRawCsv, sum } from './raw-csv.js';

const DATA = resolve(process.cwd(), '../shared/data');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.csv$/i.test(name) ? [path] : [];
  });
}

/** What the provider invoices, computed here from the raw records with the provider's own columns. */
function expectedInvoice(folder: string, rows: Record<string, string>[]): { total: number; focusRows: number } {
  if (folder === 'aws') return { total: sum(rows.map((r) => money(r['lineItem/UnblendedCost']))), focusRows: rows.length };
  if (folder === 'focus') return { total: sum(rows.map((r) => money(r.BilledCost))), focusRows: rows.length };
  if (folder === 'azure') {
    // Covered usage and unused commitments are amortized-only rows, not billed.
    const billed = rows.filter(
      (r) =>
        !['UnusedReservation', 'UnusedSavingsPlan'].includes(r.ChargeType ?? '') &&
        !(r.ChargeType === 'Usage' && ['Reservation', 'SavingsPlan'].includes(r.PricingModel ?? '')),
    );
    return { total: sum(billed.map((r) => money(r.CostInBillingCurrency ?? r.Cost))), focusRows: rows.length };
  }
  // GCP: the invoice is cost plus credit amounts; each credit is its own FOCUS row.
  const credits = rows.map((r) => [...(r.credits ?? '').matchAll(/'amount': (-?[\d.e+-]+)/g)].map((m) => Number(m[1])));
  return { total: sum(rows.map((r) => money(r.cost))) + sum(credits.flat()), focusRows: rows.length + credits.flat().length };
}

/**
 * What makes a FOCUS file ambiguous, found from the raw records by name alone: money written with a
 * symbol or grouping (`$10,000.00`), dates with slashes (`5/1/25`), a cost without its currency. The
 * FOCUS spec's examples are illustrations written for people and have all three.
 */
function ambiguities(folder: string, rows: Record<string, string>[]): { numbers: Set<string>; dates: Set<string>; currency: boolean; codes: Set<string> } {
  const numbers = new Set<string>();
  const dates = new Set<string>();
  const codes = new Set<string>();
  let currency = false;
  for (const row of rows) {
    // koku's Azure sample writes its billing currency as "MC".
    for (const column of ['BillingCurrency', 'BillingCurrencyCode', 'lineItem/CurrencyCode', 'currency']) {
      const code = row[column]?.trim();
      if (code && code !== 'NULL' && !ISO_4217.has(code)) codes.add(column);
    }
  }
  if (folder !== 'focus') return { numbers, dates, currency, codes };
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (/(Cost|Price|Quantity)$/.test(column) && /[$,]/.test(value)) numbers.add(column);
      if (/Period(Start|End)$/.test(column) && value.includes('/')) dates.add(column);
    }
    if (money(row.BilledCost) !== 0 && ['', 'NULL', undefined].includes(row.BillingCurrency)) currency = true;
  }
  return { numbers, dates, currency, codes };
}

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

const FOLDERS = ['focus', 'aws', 'azure', 'gcp'];
const cases = FOLDERS.flatMap((folder) =>
  filesUnder(join(DATA, folder)).map((file) => {
    const found = ambiguities(folder, readRawCsv(file));
    // Dates alone can be made unambiguous by saying their order (the spec examples are American); the rest cannot.
    const refused = found.numbers.size > 0 || found.currency || found.codes.size > 0;
    return { folder, file, name: file.slice(DATA.length + 1), found, refused, dateLayout: found.dates.size > 0 ? ('month/day/year' as const) : undefined };
  }),
);
const loaded = cases.filter((c) => !c.refused);

describe('every real billing file', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
  });
  afterAll(() => db.close());

  it('finds the sample files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const folder of FOLDERS) expect(cases.some((c) => c.folder === folder)).toBe(true);
  });

  it.each(cases.filter((c) => c.refused || c.dateLayout))(
    '$name: refused for its ambiguous values, naming one of them, storing nothing',
    async ({ file, found }) => {
      const error = await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataError);
      const { location } = error as DataError;
      expect(location.file).toBe(file);
      expect(location.row).toBeGreaterThanOrEqual(1);
      expect([...found.numbers, ...found.dates, ...found.codes, ...(found.currency ? ['BillingCurrency'] : [])]).toContain(location.column);
      const [held] = await queryRows(db, `SELECT count(*) AS n FROM focus_rows WHERE x_source_file = $1`, [file]);
      expect(Number(held?.n)).toBe(0);
    },
  );

  it.each(loaded)('$name: rows and invoice total match the raw file, and reconcile agrees', async ({ folder, file, dateLayout }) => {
    const raw = readRawCsv(file);
    const expected = expectedInvoice(folder, raw);
    const result = await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases, dateLayout });
    expect(result.format).toBe(folder === 'aws' ? 'aws-cur' : folder);
    expect(result.rows).toBe(expected.focusRows);
    const [held] = await queryRows(db, `SELECT sum(BilledCost)::DOUBLE AS billed, count(*) AS n FROM focus_rows WHERE x_source_file = $1`, [file]);
    expect(Number(held?.n)).toBe(expected.focusRows);
    expect(Number(held?.billed ?? 0)).toBeCloseTo(expected.total, 6);
    const report = await reconcileFile(db, file, 'auto', dateLayout);
    expect(report.ok).toBe(true);
    expect(sum(report.lines.map((l) => l.source))).toBeCloseTo(expected.total, 6);
  });

  it('re-ingesting every file changes nothing', async () => {
    const before = await queryRows(db, `SELECT count(*) AS n, sum(BilledCost)::DOUBLE AS b, (SELECT count(*) FROM ingest_files) AS files FROM focus_rows`);
    for (const { file, dateLayout } of loaded) {
      const again = await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases, dateLayout });
      expect(again.status).toBe('unchanged');
    }
    expect(await queryRows(db, `SELECT count(*) AS n, sum(BilledCost)::DOUBLE AS b, (SELECT count(*) FROM ingest_files) AS files FROM focus_rows`)).toEqual(
      before,
    );
  });

  it('keeps FOCUS sample tags raw and normalized, and records provenance', async () => {
    const file = join(DATA, 'focus/focus_sample_1.0_1000rows.csv');
    const raw = readRawCsv(file);
    const tagged = raw.filter((r) => r.Tags && r.Tags !== 'NULL' && r.Tags !== '{}').length;
    const [row] = await queryRows(
      db,
      `SELECT count(x_tags_raw) AS tagged, min(x_source_row) AS first, max(x_source_row) AS last FROM focus_rows WHERE x_source_file = $1`,
      [file],
    );
    expect(Number(row?.tagged)).toBe(tagged);
    expect([Number(row?.first), Number(row?.last)]).toEqual([1, raw.length]);
    const [frequencies] = await queryRows(db, `SELECT list(DISTINCT ChargeFrequency ORDER BY ChargeFrequency) AS f FROM focus_rows WHERE x_source_file = $1`, [
      file,
    ]);
    expect(frequencies?.f).not.toContain('Usage-based');
  });
});
