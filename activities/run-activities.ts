import { addMs, type Finding, type Provider } from '../core/index.js';
import { sendBudgetAlerts, type BudgetAlertsResult } from './budget-alerts.js';
import { priceFromBill } from './bill-rates.js';
import { detectFindings } from './detect-findings.js';
import { withoutCurrentEnrollments } from './off-hours-renewal.js';
import type { AnalysisDeps } from './deps.js';

/** Activities of an optimization run: read the estates and find what to propose; alert budgets. */
export function createRunActivities(deps: AnalysisDeps, providers: readonly Provider[]) {
  return {
    async detectRunFindings(): Promise<Finding[]> {
      const now = deps.clock();
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
