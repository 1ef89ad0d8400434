import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, queryRows } from '../warehouse/index.js';
import type { ColumnSet } from './column-set.js';
import type { Normalizer } from './normalizer.js';
import { STAGE_TABLE } from './stage.js';

/** ISO 4217 codes in use, as the runtime's ICU knows them (USD, EUR, JPY…). */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

interface Finding {
  row: number;
  error: DataError;
}

/** The source column an expression such as tg_str("BillingCurrency") reads, for messages. */
function columnOf(expression: string, fallback: string): string {
  const match = /"((?:[^"]|"")+)"/.exec(expression);
  return match ? match[1]!.replaceAll('""', '"') : fallback;
}

/**
 * Currencies as the invoice states them, checked in one pass over the staged records: every code is
 * ISO 4217, no record with a cost lacks one, and each billing account uses one. The earliest bad
 * record in file order is reported.
 */
export async function checkCurrencies(connection: DuckDBConnection, file: string, normalizer: Normalizer, columns: ColumnSet): Promise<void> {
  const totals = normalizer.invoiceTotals(columns);
  const column = columnOf(totals.currency, 'BillingCurrency');
  const groups = await queryRows(
    connection,
    `SELECT ${totals.billingAccount} AS account, ${totals.currency} AS currency, min(rowid) + 1 AS first_row,
            min(rowid) FILTER (WHERE (${totals.amount}) <> 0) + 1 AS first_costed_row
     FROM ${STAGE_TABLE} GROUP BY ALL`,
  );
  const findings: Finding[] = [];
  for (const g of groups) {
    const currency = g.currency === null || g.currency === undefined ? null : String(g.currency);
    if (currency === null && g.first_costed_row !== null && g.first_costed_row !== undefined) {
      const row = Number(g.first_costed_row);
      findings.push({
        row,
        error: new DataError(
          'a record with a cost has no currency',
          { file, row, column, expected: 'an ISO 4217 currency code', found: '' },
          'A cost without its currency cannot be added to anything: export the billing currency with every record',
        ),
      });
    }
    if (currency !== null && !ISO_4217.has(currency)) {
      const row = Number(g.first_row);
      findings.push({
        row,
        error: new DataError(
          'currency is not an ISO 4217 code',
          { file, row, column, expected: 'a three-letter ISO 4217 code such as USD, EUR or JPY', found: currency },
          'Symbols and names ($, US$, euro) are ambiguous: export the currency as its ISO 4217 code',
        ),
      });
    }
  }
  // One billing account is invoiced in one currency: the first record with a second one is the clash.
  // An empty currency on a zero-cost record says nothing about the invoice, so it is no second currency.
  const byAccount = new Map<string, typeof groups>();
  for (const g of groups.filter((group) => group.currency !== null && group.currency !== undefined)) {
    const key = JSON.stringify(g.account ?? null);
    byAccount.set(key, [...(byAccount.get(key) ?? []), g]);
  }
  for (const list of byAccount.values()) {
    if (list.length < 2) continue;
    const [first, second] = [...list].sort((a, b) => Number(a.first_row) - Number(b.first_row));
    const row = Number(second!.first_row);
    findings.push({
      row,
      error: new DataError(
        `billing account ${String(first!.account)} mixes currencies`,
        { file, row, column, expected: String(first!.currency), found: String(second!.currency) },
        'One billing account is invoiced in one currency; split the export by currency',
      ),
    });
  }
  const earliest = findings.sort((a, b) => a.row - b.row)[0];
  if (earliest) throw earliest.error;
}
