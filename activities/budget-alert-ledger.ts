import type { AuditStore } from '../audit/index.js';
import { SYSTEM, recordStep } from './record.js';
import type { BudgetAlertMessage } from './notifier.js';

/**
 * Which budget alerts went out, kept in the audit log rather than the warehouse: the log is
 * where every worker already records what it told people (approval requests are `notify`
 * records too), `append` is idempotent on its key so a retried activity cannot write twice,
 * and the warehouse holds billing data that ingest replaces and the analysis worker only reads.
 */

/** Every budget-alert record's workflow id starts with this, so one indexed read finds them all. */
const WORKFLOW_PREFIX = 'budget-alerts:';

export type Delivery =
  | { status: 'delivered'; channel: string; ts: string }
  /** No Slack configured: the audit record and the run's result are the alert. */
  | { status: 'recorded' }
  /** Slack refused or failed: the next run tries again. */
  | { status: 'undelivered'; error: string };

interface AlertRecordOutput {
  runId: string;
  alert: BudgetAlertMessage;
  delivery: Delivery;
}

export interface BudgetAlertLedger {
  /** Alert ids that must never be sent again: delivered, or recorded with no Slack to send to. */
  done: Set<string>;
  /** Alerts a run failed to deliver and no later run has: retried even after their period ends. */
  waiting: BudgetAlertMessage[];
}

export async function readBudgetAlertLedger(audit: AuditStore): Promise<BudgetAlertLedger> {
  const records = await audit.records({ step: 'notify', workflowIdPrefix: WORKFLOW_PREFIX });
  const outputs = records.map((r) => r.output as AlertRecordOutput);
  const done = new Set(outputs.filter((o) => o.delivery.status !== 'undelivered').map((o) => o.alert.id));
  const waiting = new Map<string, BudgetAlertMessage>();
  for (const o of outputs) if (o.delivery.status === 'undelivered' && !done.has(o.alert.id)) waiting.set(o.alert.id, o.alert);
  return { done, waiting: [...waiting.values()] };
}

/**
 * One record per alert per outcome. A sent (or recorded) alert's key is its id alone, so however
 * often runs repeat there is one such record; a failed attempt is keyed per run, so each run that
 * tried is on the log.
 */
export async function recordBudgetAlert(audit: AuditStore, input: { runId: string; alert: BudgetAlertMessage; delivery: Delivery; at: string }) {
  const { runId, alert, delivery } = input;
  const outcome =
    delivery.status === 'delivered'
      ? `delivered to Slack ${delivery.channel}`
      : delivery.status === 'recorded'
        ? 'recorded: no Slack configured'
        : `undelivered: ${delivery.error}; the next run retries`;
  return recordStep(audit, {
    workflowId: `${WORKFLOW_PREFIX}${runId}`,
    findingId: alert.id,
    step: 'notify',
    actor: SYSTEM,
    input: alert,
    summary: `budget ${alert.budget} projected ${alert.projectedPct}% of $${alert.budgetUsd} (threshold ${alert.thresholdPct}%)`,
    output: { runId, alert, delivery } satisfies AlertRecordOutput,
    outcome,
    at: input.at,
    key: delivery.status === 'undelivered' ? `budget-alert:${alert.id}:undelivered:${runId}` : `budget-alert:${alert.id}`,
  });
}
