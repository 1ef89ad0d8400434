import { existsSync } from 'node:fs';
import { openWarehouse } from '../warehouse/index.js';
import { readBudgetAlertLedger, recordBudgetAlert, type Delivery } from './budget-alert-ledger.js';
import { budgetStatuses, type RefusedBudget } from './budget-status.js';
import type { AnalysisDeps } from './deps.js';
import type { BudgetAlertMessage, BudgetAlertNotifier } from './notifier.js';

export interface BudgetAlertOutcome {
  id: string;
  budget: string;
  thresholdPct: number;
  projectedPct: number;
  delivery: Delivery;
}

export interface BudgetAlertsResult {
  /** The day the budgets were evaluated as of: the warehouse's last day with charges. */
  asOf?: string;
  /** What this run sent or recorded; empty when nothing new was crossed. */
  alerts: BudgetAlertOutcome[];
  /** Why nothing was evaluated, when nothing was. */
  skipped?: string;
  /** Budgets that could not be evaluated (a scope with costs in another currency), each with the reason and what to do. */
  refused?: RefusedBudget[];
}

/**
 * The daily run's budget step: evaluate the policy's budgets against the warehouse and send each
 * threshold newly crossed this period once, plus any earlier alert Slack failed to take. The audit
 * log says what already went out (budget-alert-ledger.ts).
 */
export async function sendBudgetAlerts(deps: AnalysisDeps, runId: string): Promise<BudgetAlertsResult> {
  const { budgets } = deps.policy;
  if (budgets.length === 0) return { alerts: [], skipped: 'no budgets in the policy' };
  const path = deps.warehousePath;
  // An absent file is not an error: a worker may run before anything was ingested.
  if (!path || !existsSync(path)) return { alerts: [], skipped: `no warehouse at ${path ?? '(none configured)'}` };
  const warehouse = await openWarehouse(path);
  const status = await budgetStatuses(warehouse, budgets).finally(() => warehouse.close());
  for (const refusal of status.refused) deps.log.error(refusal, 'budget not evaluated; fix the policy');
  const ledger = await readBudgetAlertLedger(deps.audit);

  const inPolicy = new Set(budgets.map((b) => b.name));
  const due = new Map<string, BudgetAlertMessage>();
  for (const alert of ledger.waiting) if (inPolicy.has(alert.budget)) due.set(alert.id, alert);
  for (const budget of status.budgets) for (const alert of budget.alerts) if (!ledger.done.has(alert.id)) due.set(alert.id, { ...alert, scope: budget.scope });

  const alerts: BudgetAlertOutcome[] = [];
  for (const alert of due.values()) {
    const delivery = await deliver(deps.notifier, alert);
    await recordBudgetAlert(deps.audit, { runId, alert, delivery, at: deps.clock() });
    const outcome = { id: alert.id, budget: alert.budget, thresholdPct: alert.thresholdPct, projectedPct: alert.projectedPct, delivery };
    if (delivery.status === 'undelivered') deps.log.warn(outcome, 'budget alert not delivered; the next run retries');
    else deps.log.info(outcome, 'budget alert');
    alerts.push(outcome);
  }
  return { ...(status.asOf ? { asOf: status.asOf } : {}), alerts, ...(status.refused.length > 0 ? { refused: status.refused } : {}) };
}

/** A Slack failure is data, not a throw: one refused message must not stop the other alerts or fail the run; the next run retries it. */
async function deliver(notifier: BudgetAlertNotifier | undefined, alert: BudgetAlertMessage): Promise<Delivery> {
  if (!notifier) return { status: 'recorded' };
  try {
    const posted = await notifier.postBudgetAlert(alert);
    return { status: 'delivered', channel: posted.channel, ts: posted.ts };
  } catch (error) {
    return { status: 'undelivered', error: (error as Error).message };
  }
}
