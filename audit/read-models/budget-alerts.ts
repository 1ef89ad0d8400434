import type { BudgetAlert } from '../../core/index.js';
import type { AuditStore } from '../store.js';

/** Every budget-alert record's workflow id starts with this, so one indexed read finds them all. */
export const BUDGET_ALERT_WORKFLOW_PREFIX = 'budget-alerts:';

export interface BudgetAlertLedger {
  /** Alert ids that must never be sent again: delivered, or recorded with no Slack to send to. */
  done: Set<string>;
  /** Alerts a run failed to deliver and no later run has: retried even after their period ends. */
  waiting: BudgetAlert[];
}

/** Which budget alerts went out and which still wait, from the `notify` records of kind budget-alert. */
export async function readBudgetAlertLedger(audit: AuditStore): Promise<BudgetAlertLedger> {
  const records = await audit.records({ step: 'notify', workflowIdPrefix: BUDGET_ALERT_WORKFLOW_PREFIX });
  const alerts = records.flatMap((r) => (r.step === 'notify' && r.output.kind === 'budget-alert' ? [r.output] : []));
  const done = new Set(alerts.filter((o) => o.delivery.status !== 'undelivered').map((o) => o.alert.id));
  const waiting = new Map<string, BudgetAlert>();
  for (const o of alerts) if (o.delivery.status === 'undelivered' && !done.has(o.alert.id)) waiting.set(o.alert.id, o.alert);
  return { done, waiting: [...waiting.values()] };
}
