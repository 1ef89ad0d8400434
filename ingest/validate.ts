import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, ident, queryRows, queryRowsTracked, type ProgressTracking } from '../warehouse/index.js';
import type { ColumnSet } from './column-set.js';
import type { Normalizer } from './normalizer.js';
import { STAGE_TABLE } from './stage.js';

interface Check {
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
    ...present(columns, normalizer.numeric).map((c) => ({ column: c, bad: `tg_bad_num(${ident(c)})`, expected: 'a number' })),
    ...present(columns, normalizer.timestamps).map((c) => ({ column: c, bad: `tg_bad_ts(${ident(c)})`, expected: 'a date or timestamp' })),
    ...present(columns, normalizer.tagObjects).map((c) => ({ column: c, bad: `tg_bad_tags(${ident(c)})`, expected: 'a JSON object of tags' })),
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
      throw new DataError(`value is not ${check.expected}`, {
        file,
        row: Number(first.row),
        column: check.column,
        expected: check.expected,
        found: String(value?.v),
      });
    }
  }
  await assertOneCurrencyPerAccount(connection, file, normalizer, columns);
}

function present(columns: ColumnSet, names: readonly string[]): string[] {
  return names.map((n) => columns.actual(n)).filter((n): n is string => n !== undefined);
}

async function assertOneCurrencyPerAccount(connection: DuckDBConnection, file: string, normalizer: Normalizer, columns: ColumnSet): Promise<void> {
  const totals = normalizer.invoiceTotals(columns);
  const [clash] = await queryRows(
    connection,
    `WITH t AS (SELECT rowid AS r, ${totals.billingAccount} AS account, ${totals.currency} AS currency FROM ${STAGE_TABLE}),
          firsts AS (SELECT account, arg_min(currency, r) AS first_currency FROM t GROUP BY account HAVING count(DISTINCT currency) > 1)
     SELECT t.account, f.first_currency, t.currency, t.r + 1 AS row FROM t JOIN firsts f ON t.account IS NOT DISTINCT FROM f.account
     WHERE t.currency IS DISTINCT FROM f.first_currency ORDER BY t.r LIMIT 1`,
  );
  if (!clash) return;
  throw new DataError(
    `billing account ${String(clash.account)} mixes currencies`,
    { file, row: Number(clash.row), column: 'currency', expected: String(clash.first_currency), found: String(clash.currency) },
    'One billing account is invoiced in one currency; split the export by currency',
  );
}
