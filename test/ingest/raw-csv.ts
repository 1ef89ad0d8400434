import { readFileSync } from 'node:fs';

/**
 * A small RFC 4180 reader written for the tests, independent of DuckDB, so the sums the tests
 * expect are computed from the raw bytes by other code than the code under test.
 */
export function readRawCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  // Blank lines (the FOCUS spec examples have them) are not records.
  const [header = [], ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Parses money as people write it in the spec examples ("$10,000.00 "); empty and NULL are zero. */
export function money(value: string | undefined): number {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'null') return 0;
  const n = Number(text.replace(/^\$/, '').replaceAll(',', ''));
  if (Number.isNaN(n)) throw new Error(`not a number: ${value}`);
  return n;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
