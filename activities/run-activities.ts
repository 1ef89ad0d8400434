import { Context } from '@temporalio/activity';
import { addMs, type Finding, type Provider } from '../core/index.js';
import { sendBudgetAlerts, type BudgetAlertsResult } from './budget-alerts.js';
import { priceFromBill } from './bill-rates.js';
import { detectFindings } from './detect-findings.js';
import { withoutCurrentEnrollments } from './off-hours-renewal.js';
import type { AnalysisDeps } from './deps.js';
import { recordStep, SYSTEM } from './record.js';

/** Activities of an optimization run: read the estates and find what to propose; alert budgets. */
export function createRunActivities(deps: AnalysisDeps, providers: readonly Provider[]) {
  return {
    async detectRunFindings(): Promise<Finding[]> {
      const now = deps.clock();
      await recordScopes(deps, now);
      const perProvider = await Promise.all(providers.map((p) => detectFindings(deps.readerFor(p), deps.policy, now)));
      const lookback = { from: addMs(now, -deps.policy.rightsizing.lookbackDays * 86_400_000), to: now };
      const priced = await priceFromBill(perProvider.flat(), deps.warehousePath, lookback);
      const findings = await withoutCurrentEnrollments(deps.audit, priced, now);
      deps.log.info({ findings: findings.length, providers }, 'findings detected');
      return findings;
    },

    /** Each budget threshold newly crossed this period, sent once (activities/budget-alerts.ts). */
    async sendRunBudgetAlerts(input: { runId: string }): Promise<BudgetAlertsResult> {
      return sendBudgetAlerts(deps, input.runId);
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;

/**
 * The run's record of where it looked: every scope read, and every configured scope skipped with
 * its reason, so an audit shows a quiet account was not quietly left out.
 */
async function recordScopes(deps: AnalysisDeps, at: string): Promise<void> {
  if (!deps.scopes) return;
  const runId = Context.current().info.workflowExecution?.workflowId ?? 'run-without-workflow';
  const { scanned, skipped, source } = deps.scopes;
  for (const s of skipped) deps.log.warn({ runId, scope: s.label, reason: s.reason }, 'scope skipped');
  await recordStep(deps.audit, {
    workflowId: runId,
    findingId: runId,
    step: 'detect',
    actor: SYSTEM,
    input: { source },
    summary: `scopes of ${runId} (config: ${source})`,
    output: { kind: 'scopes', scanned, skipped },
    outcome: `${scanned.length} scope(s) read, ${skipped.length} skipped${skipped.length ? `: ${skipped.map((s) => s.label).join('; ')}` : ''}`,
    at,
    key: `${runId}:scopes`,
  });
}
