import type { WeeklyReportData } from './report-data.js';
import { change, money, perCurrency, usd } from './format.js';

interface ChatPoster {
  chat: { postMessage(args: { channel: string; text: string; blocks: unknown[] }): Promise<{ ok?: boolean; ts?: string }> };
}

/** A short Block Kit summary: the headline numbers and where the full report is. */
export function slackSummary(data: WeeklyReportData, reportLink?: string): { text: string; blocks: unknown[] } {
  const count = (outcome: string) => data.proposals.filter((p) => p.outcome === outcome).length;
  // Each billing currency apart: "1,540.00 USD spent (+10.0% vs last week); 400.00 EUR spent (…)".
  const spendLine = data.spendByCurrency
    ? perCurrency(data.spendByCurrency, (s, c) => `${money(s.currentTotal, c)} spent (${change(s.currentTotal, s.previousTotal)} vs last week)`)
    : 'no spend data';
  const modelCost = data.modelSpend.reduce((t, a) => t + a.costUsd, 0);
  const over = data.modelSpend.filter((a) => a.budgetUsd !== undefined && a.costUsd > a.budgetUsd).map((a) => a.agent);
  const realized = realizedLine(data);
  const text = `Tollgate weekly report ${data.window.to.slice(0, 10)}: ${spendLine}; savings ${usd(data.savings.estimatedUsd)}/month estimated, ${realized}`;
  const fields = [
    `*Spend*\n${spendLine}`,
    `*Cost incidents*\n${data.incidents ? String(data.incidents.length) : 'no anomaly data'}`,
    `*Proposals*\n${data.proposals.length}: ${count('executed')} executed, ${count('rejected')} rejected, ${count('expired')} expired, ${count('blocked')} blocked`,
    `*Savings / month*\n${usd(data.savings.estimatedUsd)} estimated · ${realized}`,
    `*Model spend*\n${usd(modelCost)}${over.length ? ` — over budget: ${over.join(', ')}` : ''}`,
    `*Guardrail blocks*\n${data.guardrailBlocks.reduce((t, b) => t + b.count, 0)}`,
  ];
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Tollgate weekly report · week to ${data.window.to.slice(0, 10)}` } },
    { type: 'section', fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) },
  ];
  if (reportLink) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Full report: ${reportLink}` }] });
  return { text, blocks };
}

/** Realized savings from the bill at 30 days, each currency apart; the verify records' figure only when no bill was read. */
function realizedLine(data: WeeklyReportData): string {
  const ledger = data.realizedFromBill?.find((l) => l.windowDays === 30);
  if (!ledger) return `${usd(data.savings.realizedUsd)} verified (not measured from the bill)`;
  const measured = ledger.totals.length ? perCurrency(ledger.totals, (t, c) => money(t.realizedMonthly, c)) : 'nothing';
  return `${measured} realized from the bill at 30 days (${ledger.pending} pending)`;
}

/** Posts the summary with any WebClient-shaped client (tests point it at a loopback Slack API). */
export async function postSlackSummary(client: ChatPoster, channel: string, data: WeeklyReportData, reportLink?: string): Promise<string | undefined> {
  const result = await client.chat.postMessage({ channel, ...slackSummary(data, reportLink) });
  return result.ts;
}
