import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, ident, queryRows, queryRowsTracked, type ProgressTracking } from '../warehouse/index.js';
import type { ColumnSet } from './column-set.js';
import { checkCurrencies } from './currency-check.js';
import type { Normalizer } from './normalizer.js';
import type { DateLayout } from './sql-macros.js';
import { STAGE_TABLE } from './stage.js';

interface Check {
  kind: 'number' | 'date' | 'tags';
  column: string;
  bad: string;
  expected: string;
}

/** Checks what the mapping needs before anything is written: required columns, then the first bad value in file order. */
export async function validateStage(
  connection: DuckDBConnection,
  file: string,
  normalizer: Normalizer,
  columns: ColumnSet,
  tracking?: ProgressTracking,
  dateLayout: DateLayout = 'iso',
): Promise<void> {
  for (const group of normalizer.required) {
    if (!group.some((name) => columns.has(name))) {
      throw new DataError(
        `missing column for the ${normalizer.format} layout`,
        { file, row: 0, column: group.join(' | '), expected: group.join(' or ') },
        'Check --format',
      );
    }
  }
  const checks: Check[] = [
    ...present(columns, normalizer.numeric).map((c) => ({ kind: 'number' as const, column: c, bad: `tg_bad_num(${ident(c)})`, expected: 'a number' })),
    ...present(columns, normalizer.timestamps).map((c) => ({
      kind: 'date' as const,
      column: c,
      bad: `tg_bad_ts(${ident(c)})`,
      expected: 'a date or timestamp',
    })),
    ...present(columns, normalizer.tagObjects).map((c) => ({
      kind: 'tags' as const,
      column: c,
      bad: `tg_bad_tags(${ident(c)})`,
      expected: 'a JSON object of tags',
    })),
  ];
  if (checks.length > 0) {
    const which = `CASE ${checks.map((c, i) => `WHEN ${c.bad} THEN ${i}`).join(' ')} END`;
    const [first] = await queryRowsTracked(
      connection,
      `SELECT rowid + 1 AS row, ${which} AS check_index FROM ${STAGE_TABLE} WHERE ${checks.map((c) => c.bad).join(' OR ')} ORDER BY rowid LIMIT 1`,
      tracking,
    );
    if (first) {
      const check = checks[Number(first.check_index)]!;
      const [value] = await queryRows(connection, `SELECT ${ident(check.column)} AS v FROM ${STAGE_TABLE} WHERE rowid = $1`, [Number(first.row) - 1]);
      throw badValue(check, { file, row: Number(first.row), column: check.column, found: String(value?.v) }, dateLayout);
    }
  }
  await checkCurrencies(connection, file, normalizer, columns);
}

/** The error for a value the check refused; values that look like formatting, not garbage, say what to change. */
function badValue(check: Check, at: { file: string; row: number; column: string; found: string }, dateLayout: DateLayout): DataError {
  if (check.kind === 'number' && /[$€£¥]|\d[,_]\d|\d\s+\d/.test(at.found)) {
    return new DataError(
      'number written with a currency symbol or thousands separators',
      { ...at, expected: 'a plain number such as 1234.56' },
      'Both are ambiguous (1,000 is one thousand or one with a decimal comma; $ is several currencies): export unformatted numbers, with the currency in its own column',
    );
  }
  if (check.kind === 'date' && at.found.includes('/') && dateLayout === 'iso') {
    return new DataError(
      'ambiguous date: this layout writes dates as ISO 8601',
      { ...at, expected: 'an ISO 8601 date such as 2024-01-09' },
      `${at.found} is a different day depending on who reads it (month/day or day/month): export ISO 8601 dates, or say which order the file uses with --date-layout month/day/year or day/month/year`,
    );
  }
  const expected = check.kind === 'date' && dateLayout !== 'iso' ? `an ISO 8601 or ${dateLayout} date` : check.expected;
  return new DataError(`value is not ${check.expected}`, { ...at, expected });
}

function present(columns: ColumnSet, names: readonly string[]): string[] {
  return names.map((n) => columns.actual(n)).filter((n): n is string => n !== undefined);
}
