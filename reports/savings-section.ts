import { currencyLabel, money, usd } from './format.js';
import type { ChangeSavings, SavingsLedger } from './realized-savings.js';

/** The "Savings: estimated vs realized" section's rows, shared by the Markdown and HTML renderers. */
export const SAVINGS_HEAD = ['Resource', 'Change', 'Applied', 'Estimated / month', 'Realized / month', 'Cost per day before → after'];

function realized(c: ChangeSavings): string {
  if (c.status === 'pending') return `pending: ${c.missingDays} day(s) of the bill missing`;
  if (c.status === 'no-baseline') return 'not measurable: no cost before the change';
  return money(c.realizedMonthly ?? 0, currencyLabel(c.currency));
}

export function savingsRows(ledger: SavingsLedger): string[][] {
  const n = ledger.windowDays;
  return ledger.changes.map((c) => [
    c.resourceId,
    c.change,
    c.appliedAt.slice(0, 10),
    usd(c.estimatedMonthlySavingsUsd),
    realized(c),
    `${money(c.before.effectiveCost / n, currencyLabel(c.currency))} → ${money(c.after.effectiveCost / n, currencyLabel(c.currency))}`,
  ]);
}

/** "Cumulative: estimated $X/month over N change(s), P pending; realized 1.00 USD on 2 measured (estimated $3.00)…", one clause per currency. */
export function savingsTotalLine(ledger: SavingsLedger): string {
  const realizedParts = ledger.totals.map(
    (t) =>
      `${money(t.realizedMonthly, currencyLabel(t.currency))}/month realized on ${t.measured} measured change(s) estimated at ${usd(t.estimatedMonthlyUsd)}`,
  );
  return (
    `Cumulative at ${ledger.windowDays} days: estimated ${usd(ledger.estimatedMonthlyUsd)}/month over ${ledger.changes.length} applied change(s), ${ledger.pending} pending; ` +
    (realizedParts.length ? realizedParts.join('; ') : 'nothing measured yet') +
    '.'
  );
}
