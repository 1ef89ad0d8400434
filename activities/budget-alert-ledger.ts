import { BUDGET_ALERT_WORKFLOW_PREFIX, type AuditStore } from '../audit/index.js';
import type { AlertDelivery } from '../core/index.js';
import { SYSTEM, recordStep } from './record.js';
import type { BudgetAlertMessage } from './notifier.js';

/**
 * Which budget alerts went out, kept in the audit log rather than the warehouse: the log is
 * where every worker already records what it told people (approval requests are `notify`
 * records too), `append` is idempotent on its key so a retried activity cannot write twice,
 * and the warehouse holds billing data that ingest replaces and the analysis worker only reads.
 */

export { readBudgetAlertLedger, type BudgetAlertLedger } from '../audit/index.js';
export type Delivery = AlertDelivery;

/**
 * One record per alert per outcome. A sent (or recorded) alert's key is its id alone, so however
 * often runs repeat there is one such record; a failed attempt is keyed per run, so each run that
 * tried is on the log.
 */
export async function recordBudgetAlert(audit: AuditStore, input: { runId: string; alert: BudgetAlertMessage; delivery: AlertDelivery; at: string }) {
  const { runId, alert, delivery } = input;
  const outcome =
    delivery.status === 'delivered'
      ? `delivered to Slack ${delivery.channel}`
      : delivery.status === 'recorded'
        ? 'recorded: no Slack configured'
        : `undelivered: ${delivery.error}; the next run retries`;
  return recordStep(audit, {
    workflowId: `${BUDGET_ALERT_WORKFLOW_PREFIX}${runId}`,
    findingId: alert.id,
    step: 'notify',
    actor: SYSTEM,
    input: alert,
    summary: `budget ${alert.budget} projected ${alert.projectedPct}% of $${alert.budgetUsd} (threshold ${alert.thresholdPct}%)`,
    output: { kind: 'budget-alert', runId, alert, delivery },
    outcome,
    at: input.at,
    key: delivery.status === 'undelivered' ? `budget-alert:${alert.id}:undelivered:${runId}` : `budget-alert:${alert.id}`,
  });
}
