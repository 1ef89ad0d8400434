import { escapeMrkdwn as esc, inlineCode } from './mrkdwn.js';

/** What a budget alert message shows: the threshold crossed and the numbers behind it (detect/budgets.ts BudgetAlert plus its scope). */
export interface BudgetAlertMessage {
  id: string;
  budget: string;
  periodStart: string;
  periodEnd: string;
  asOf: string;
  thresholdPct: number;
  spentUsd: number;
  projectedUsd: number;
  projectedPct: number;
  budgetUsd: number;
  /** Whose spend (policy `budgets[].scope`); a team scope routes to that team's channel. */
  scope: { dimension: string; key: string; tagKey?: string | undefined };
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function scopeText(scope: BudgetAlertMessage['scope']): string {
  if (scope.dimension === 'total') return 'the whole bill';
  return esc(`${scope.dimension === 'tag' ? `tag ${scope.tagKey ?? '?'}` : scope.dimension} = ${scope.key}`);
}

/** A plain informational message: no buttons, nothing to decide. */
export function budgetAlertBlocks(alert: BudgetAlertMessage): { text: string; blocks: Record<string, unknown>[] } {
  const text = `Budget ${alert.budget}: projected ${usd(alert.projectedUsd)} is ${alert.projectedPct}% of ${usd(alert.budgetUsd)} (crossed ${alert.thresholdPct}%)`;
  return {
    text: esc(text),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Budget ${alert.budget} crossed ${alert.thresholdPct}%`.slice(0, 150) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Projected by ${alert.periodEnd}*\n${usd(alert.projectedUsd)} (${alert.projectedPct}%)` },
          { type: 'mrkdwn', text: `*Budget*\n${usd(alert.budgetUsd)} for ${alert.periodStart} → ${alert.periodEnd}` },
          { type: 'mrkdwn', text: `*Spent to ${alert.asOf}*\n${usd(alert.spentUsd)}` },
          { type: 'mrkdwn', text: `*Scope*\n${scopeText(alert.scope)}` },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${inlineCode(alert.id)} · sent once per period (docs/detection.md)` }] },
    ],
  };
}
