import type { PlanReport } from '../guardrails/index.js';

/** The plan check as a person reads it in a CI log: problems first, then the money. */
export function formatPlanReport(report: PlanReport, planPath: string): string {
  const lines: string[] = [];
  for (const p of report.problems) lines.push(`${p.severity === 'error' ? '✗' : '!'} ${p.address}: ${p.message}${p.policy ? ` [${p.policy}]` : ''}`);
  for (const c of report.costs) {
    const sign = c.deltaMonthlyUsd >= 0 ? '+' : '-';
    lines.push(`  ${c.address} (${c.actions}): $${c.beforeMonthlyUsd} → $${c.afterMonthlyUsd}/month (${sign}$${Math.abs(c.deltaMonthlyUsd)})`);
  }
  const verdict = report.passed ? 'passed' : 'FAILED';
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  lines.push(
    `${planPath}: policy check ${verdict}: ${report.vmChanges} VM change(s), ${report.totalDeltaMonthlyUsd >= 0 ? '+' : ''}$${report.totalDeltaMonthlyUsd}/month ` +
      `(limit +$${report.maxMonthlyIncreaseUsd}), ${errors} error(s)`,
  );
  return `${lines.join('\n')}\n`;
}
