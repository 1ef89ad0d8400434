import type { WeeklyReportData } from './report-data.js';
import { change, money, perCurrency, usd } from './format.js';

interface ChatPoster {
  chat: { postMessage(args: { channel: string; text: string; blocks: unknown[] }): Promise<{ ok?: boolean; ts?: string }> };
}

/**
 * Where the full report is: the console's page for it (a link people can open), and/or the file
 * the run wrote (a path on the machine that ran it, which nobody in Slack can open).
 */
export interface ReportLocation {
  /** the console's base address (tollgate.yaml `console.url` or --console-url) */
  consoleUrl?: string;
  /** the HTML file written by this run */
  file?: string;
}

/** The console serves the weekly report here (docs/reports.md). */
export const CONSOLE_REPORT_PATH = '/reports/weekly';

/**
 * `<base>/reports/weekly`, whatever path prefix the console is served under; with `weekEnding`
 * (the window's end, YYYY-MM-DD) the console shows that same week, not the one ending today.
 */
export function consoleReportUrl(consoleUrl: string, weekEnding?: string): string {
  const url = new URL(consoleUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`console URL "${consoleUrl}": expected http:// or https://`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${CONSOLE_REPORT_PATH}`;
  url.search = weekEnding ? `?weekEnding=${encodeURIComponent(weekEnding)}` : '';
  url.hash = '';
  return url.toString();
}

/** The summary's last line: a link to the console, else where the file is, said as a path and not dressed as a link. */
function whereLine(where: ReportLocation, weekEnding: string): string | undefined {
  if (where.consoleUrl) return `<${consoleReportUrl(where.consoleUrl, weekEnding)}|Open the full report in the Tollgate console>`;
  if (where.file)
    return `Full report written to \`${where.file.replaceAll('`', "'")}\` on the host that ran it (not a link: set \`console.url\` in tollgate.yaml or pass --console-url to link the console here).`;
  return undefined;
}

/** A short Block Kit summary: the headline numbers and where the full report is. */
export function slackSummary(data: WeeklyReportData, where: ReportLocation = {}): { text: string; blocks: unknown[] } {
  const count = (outcome: string) => data.proposals.filter((p) => p.outcome === outcome).length;
  // Each billing currency apart: "1,540.00 USD spent (+10.0% vs last week); 400.00 EUR spent (…)".
  const spendLine = data.spendByCurrency
    ? perCurrency(data.spendByCurrency, (s, c) => `${money(s.currentTotal, c)} spent (${change(s.currentTotal, s.previousTotal)} vs last week)`)
    : 'no spend data';
  const modelCost = data.modelSpend.reduce((t, a) => t + a.costUsd, 0);
  const over = data.modelSpend.filter((a) => a.budgetUsd !== undefined && a.costUsd > a.budgetUsd).map((a) => a.agent);
  const realized = realizedLine(data);
  const lastDay = new Date(Date.parse(data.window.to) - 86_400_000).toISOString().slice(0, 10);
  const text = `Tollgate weekly report ${data.window.from.slice(0, 10)} to ${lastDay}: ${spendLine}; savings ${usd(data.savings.estimatedUsd)}/month estimated, ${realized}`;
  const fields = [
    `*Spend*\n${spendLine}`,
    `*Cost incidents*\n${data.incidents ? String(data.incidents.length) : 'no anomaly data'}`,
    `*Proposals*\n${data.proposals.length}: ${count('executed')} executed, ${count('rejected')} rejected, ${count('expired')} expired, ${count('blocked')} blocked`,
    `*Savings / month*\n${usd(data.savings.estimatedUsd)} estimated · ${realized}`,
    `*Model spend*\n${usd(modelCost)}${over.length ? ` — over budget: ${over.join(', ')}` : ''}`,
    `*Guardrail blocks*\n${data.guardrailBlocks.reduce((t, b) => t + b.count, 0)}`,
  ];
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Tollgate weekly report · ${data.window.from.slice(0, 10)} to ${lastDay}` } },
    ...(data.window.description ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: data.window.description }] }] : []),
    { type: 'section', fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) },
  ];
  const line = whereLine(where, data.window.to.slice(0, 10));
  if (line) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: line }] });
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
export async function postSlackSummary(client: ChatPoster, channel: string, data: WeeklyReportData, where: ReportLocation = {}): Promise<string | undefined> {
  const result = await client.chat.postMessage({ channel, ...slackSummary(data, where) });
  return result.ts;
}
