import { budgetStatuses, type BudgetStatus, type RefusedBudget } from '../activities/budget-status.js';
import type { Policy } from '../guardrails/index.js';
import { withWarehouse } from './ingest-db.js';

export type { BudgetStatus, RefusedBudget };

/** `tollgate detect budgets`: the policy's budgets against the warehouse at --db (activities/budget-status.ts). */
export async function budgetsInWarehouse(
  db: string | undefined,
  budgets: Policy['budgets'],
  asOf?: string,
): Promise<{ asOf: string | undefined; budgets: BudgetStatus[]; refused: RefusedBudget[] }> {
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be a day, YYYY-MM-DD; found ${JSON.stringify(asOf)}`);
  return withWarehouse(db, (warehouse) => budgetStatuses(warehouse, budgets, asOf));
}
