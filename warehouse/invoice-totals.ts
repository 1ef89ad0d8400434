import { listValue } from '@duckdb/node-api';
import { queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE } from './schema.js';

export interface InvoiceTotal {
  billingPeriod: string | null;
  billingAccount: string | null;
  currency: string | null;
  billedCost: number;
  rows: number;
}

/** What the warehouse holds for one source file, by billing period, billing account and currency. */
export async function invoiceTotalsInWarehouse(db: Warehouse, sourceFile: string): Promise<InvoiceTotal[]> {
  const rows = await queryRows(
    db,
    `SELECT strftime(BillingPeriodStart, '%Y-%m-%d') AS period, BillingAccountId AS account, BillingCurrency AS currency,
            sum(BilledCost)::DOUBLE AS billed, count(*) AS n
     FROM ${FOCUS_TABLE} WHERE x_source_file = $1 GROUP BY ALL ORDER BY ALL`,
    [sourceFile],
  );
  return rows.map((r) => ({
    billingPeriod: (r.period as string | null) ?? null,
    billingAccount: (r.account as string | null) ?? null,
    currency: (r.currency as string | null) ?? null,
    billedCost: Number(r.billed ?? 0),
    rows: Number(r.n),
  }));
}

/** Totals per currency for a set of ingests (what `tollgate ingest --json` reports). */
export async function totalsByCurrency(
  db: Warehouse,
  ingestIds: readonly string[],
): Promise<{ currency: string | null; billedCost: number; effectiveCost: number; rows: number }[]> {
  if (ingestIds.length === 0) return [];
  const rows = await queryRows(
    db,
    `SELECT BillingCurrency AS currency, sum(BilledCost)::DOUBLE AS billed, sum(EffectiveCost)::DOUBLE AS effective, count(*) AS n
     FROM ${FOCUS_TABLE} WHERE list_contains($1::VARCHAR[], x_ingest_id) GROUP BY ALL ORDER BY ALL`,
    [listValue([...ingestIds])],
  );
  return rows.map((r) => ({
    currency: (r.currency as string | null) ?? null,
    billedCost: Number(r.billed ?? 0),
    effectiveCost: Number(r.effective ?? 0),
    rows: Number(r.n),
  }));
}
