import { invoiceTotalsInWarehouse, queryRows, type Warehouse } from '../warehouse/index.js';
import type { SourceFormat } from './normalizer.js';
import { prepareStage } from './prepare-stage.js';
import type { DateLayout } from './sql-macros.js';
import { dropStage, STAGE_TABLE } from './stage.js';

/** The reconciliation tolerance: 0.01 %, a hundred times tighter than the usual ±3 %. */
export const RECONCILE_TOLERANCE = 0.0001;

export interface ReconcileLine {
  billingPeriod: string | null;
  billingAccount: string | null;
  currency: string | null;
  source: number;
  warehouse: number;
  difference: number;
  ok: boolean;
}

export interface ReconcileReport {
  file: string;
  format: string;
  ok: boolean;
  lines: ReconcileLine[];
}

/** Two totals agree when they differ by at most 0.01 % of the larger, or by less than a hundredth of a cent. */
export function totalsAgree(source: number, warehouse: number): boolean {
  return Math.abs(source - warehouse) <= Math.max(RECONCILE_TOLERANCE * Math.max(Math.abs(source), Math.abs(warehouse)), 0.0001);
}

/** The source file's own invoice totals (by billing period, account, currency) against what the warehouse holds for it. */
export async function reconcileFile(db: Warehouse, file: string, format: SourceFormat | 'auto' = 'auto', dateLayout?: DateLayout): Promise<ReconcileReport> {
  try {
    const { normalizer, columns } = await prepareStage(db, file, format, undefined, dateLayout);
    const t = normalizer.invoiceTotals(columns);
    const source = await queryRows(
      db,
      `SELECT strftime(${t.billingPeriod}, '%Y-%m-%d') AS period, ${t.billingAccount} AS account, ${t.currency} AS currency, sum(${t.amount})::DOUBLE AS amount
       FROM ${STAGE_TABLE} GROUP BY ALL`,
    );
    const held = await invoiceTotalsInWarehouse(db, file);
    const key = (period: unknown, account: unknown, currency: unknown) => JSON.stringify([period ?? null, account ?? null, currency ?? null]);
    const lines = new Map<string, ReconcileLine>();
    const line = (period: unknown, account: unknown, currency: unknown): ReconcileLine => {
      const k = key(period, account, currency);
      const existing = lines.get(k);
      if (existing) return existing;
      const created: ReconcileLine = {
        billingPeriod: (period as string | null) ?? null,
        billingAccount: (account as string | null) ?? null,
        currency: (currency as string | null) ?? null,
        source: 0,
        warehouse: 0,
        difference: 0,
        ok: true,
      };
      lines.set(k, created);
      return created;
    };
    for (const row of source) line(row.period, row.account, row.currency).source += Number(row.amount);
    for (const row of held) line(row.billingPeriod, row.billingAccount, row.currency).warehouse += row.billedCost;
    const result = [...lines.values()].map((l) => ({ ...l, difference: l.warehouse - l.source, ok: totalsAgree(l.source, l.warehouse) }));
    result.sort((a, b) => key(a.billingPeriod, a.billingAccount, a.currency).localeCompare(key(b.billingPeriod, b.billingAccount, b.currency)));
    return { file, format: normalizer.format, ok: result.every((l) => l.ok), lines: result };
  } finally {
    await dropStage(db.connection);
  }
}
