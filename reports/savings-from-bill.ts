import type { DecisionRecord } from '../core/index.js';
import { billCoveredUntil, resourceDailyCosts } from '../warehouse/resource-daily-cost.js';
import type { Warehouse } from '../warehouse/connection.js';
import { executedChanges } from './executed-changes.js';
import { ledgerSpan, savingsLedger, SAVINGS_WINDOWS, type SavingsLedger, type SavingsWindow } from './realized-savings.js';

/** Realized savings of every applied change, read from the warehouse's FOCUS rows, at each window asked for. */
export async function savingsFromBill(
  db: Warehouse,
  records: readonly DecisionRecord[],
  windows: readonly SavingsWindow[] = SAVINGS_WINDOWS,
): Promise<SavingsLedger[]> {
  const changes = executedChanges(records);
  const span = ledgerSpan(changes);
  const days = span
    ? await resourceDailyCosts(
        db,
        changes.map((c) => c.resourceId),
        span,
      )
    : [];
  const until = await billCoveredUntil(db);
  return windows.map((n) => savingsLedger(changes, days, until, n));
}
