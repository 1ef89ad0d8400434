import { describeRootCause, type Incident } from '../core/index.js';
import { NO_CURRENCY_LABEL } from '../warehouse/currency-sql.js';
import type { AgentSpend, KeyedSpend, OffHoursWeek } from './report-data.js';

export const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '0%' : 'new';
  const pct = ((current - previous) / previous) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

export const money = (amount: number, currency: string) =>
  `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** How a spend section names its currency: the ISO code, or a plain word for lines loaded without one. */
export const currencyLabel = (currency: string | null) => currency ?? NO_CURRENCY_LABEL;

/** "1,540.00 USD; 400.00 EUR": one currency's numbers per clause, never a sum across them. */
export function perCurrency<T extends { currency: string | null }>(items: readonly T[], clause: (item: T, label: string) => string): string {
  return items.map((item) => clause(item, currencyLabel(item.currency))).join('; ');
}

/**
 * "major 2025-03-03..2025-03-05: +300.00 USD (660.00 USD vs 360.00 USD expected, level-shift);
 * root cause team=payments, service=Amazon Elastic Compute Cloud; explains: service … 100%"
 */
export function incidentLine(i: Incident): string {
  const window = i.start === i.end ? i.start : `${i.start}..${i.end}`;
  const explains = i.rootCauses
    .slice(0, 3)
    .map((c) => `${c.dimension} ${c.key} ${Math.round(c.share * 100)}%`)
    .join(', ');
  return (
    `${i.severity} ${window}${i.ongoing ? ' (ongoing)' : ''}: +${money(i.impact, i.currency)} (${money(i.actual, i.currency)} vs ${money(i.expected, i.currency)} expected, ${i.method}); ` +
    `root cause ${describeRootCause(i.rootCause)}${explains ? `; explains: ${explains}` : ''} [${i.id}]`
  );
}

export function budgetStatus(row: AgentSpend): string {
  if (row.budgetUsd === undefined) return 'no budget set';
  const used = row.budgetUsd > 0 ? (row.costUsd / row.budgetUsd) * 100 : Infinity;
  return `${used.toFixed(0)}% of ${usd(row.budgetUsd)}${row.costUsd > row.budgetUsd ? ' — OVER BUDGET' : ''}`;
}

export function topKeys(rows: readonly KeyedSpend[], n = 10): KeyedSpend[] {
  return rows.slice(0, n);
}

/** Incidents, worst first: severity, then the share above expected (a ratio, so currencies are never compared). */
export function topIncidents(incidents: readonly Incident[], n: number): Incident[] {
  const rank = { critical: 0, major: 1, minor: 2 } as const;
  const share = (i: Incident) => (i.expected > 0 ? i.impact / i.expected : Number.POSITIVE_INFINITY);
  return [...incidents].sort((a, b) => rank[a.severity] - rank[b.severity] || share(b) - share(a) || a.id.localeCompare(b.id)).slice(0, n);
}

/** One sentence on the week's off-hours schedules, or undefined when nothing was enrolled. */
export function offHoursLine(week: OffHoursWeek | undefined): string | undefined {
  if (!week) return undefined;
  const refused = week.refusedChanges > 0 ? `; ${week.refusedChanges} scheduled change(s) refused, see the audit log` : '';
  return `Off-hours schedules: ${week.enrolledVms} VM(s) enrolled, off ${week.hoursOff} of ${week.plannedHours} planned hours, ${usd(week.savedUsd)} saved this week at list price${refused}.`;
}
