import type { CostAnomaly } from '../core/index.js';
import type { AgentSpend, KeyedSpend, OffHoursWeek } from './report-data.js';

export const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '0%' : 'new';
  const pct = ((current - previous) / previous) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** "critical total on 2025-03-01: $950 vs $310 expected; top driver service EC2 +$610" */
export function anomalyLine(a: CostAnomaly): string {
  const drivers = a.contributors
    .slice(0, 3)
    .map((c) => `${c.dimension} ${c.key} ${c.deltaUsd >= 0 ? '+' : ''}${usd(c.deltaUsd)}`)
    .join(', ');
  return `${a.severity} ${a.dimension}=${a.key} on ${a.date}: ${usd(a.actual)} vs ${usd(a.expected)} expected (${a.method})${drivers ? `; root cause: ${drivers}` : ''}`;
}

export function budgetStatus(row: AgentSpend): string {
  if (row.budgetUsd === undefined) return 'no budget set';
  const used = row.budgetUsd > 0 ? (row.costUsd / row.budgetUsd) * 100 : Infinity;
  return `${used.toFixed(0)}% of ${usd(row.budgetUsd)}${row.costUsd > row.budgetUsd ? ' — OVER BUDGET' : ''}`;
}

export function topKeys(rows: readonly KeyedSpend[], n = 10): KeyedSpend[] {
  return rows.slice(0, n);
}

/** Anomalies, worst first: severity, then the size of the jump. */
export function topAnomalies(anomalies: readonly CostAnomaly[], n: number): CostAnomaly[] {
  const rank = { critical: 0, major: 1, minor: 2 } as const;
  return [...anomalies].sort((a, b) => rank[a.severity] - rank[b.severity] || b.actual - b.expected - (a.actual - a.expected)).slice(0, n);
}

/** One sentence on the week's off-hours schedules, or undefined when nothing was enrolled. */
export function offHoursLine(week: OffHoursWeek | undefined): string | undefined {
  if (!week) return undefined;
  const refused = week.refusedChanges > 0 ? `; ${week.refusedChanges} scheduled change(s) refused, see the audit log` : '';
  return `Off-hours schedules: ${week.enrolledVms} VM(s) enrolled, off ${week.hoursOff} of ${week.plannedHours} planned hours, ${usd(week.savedUsd)} saved this week at list price${refused}.`;
}
