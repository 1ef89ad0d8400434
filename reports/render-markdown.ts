import { incidentLine, budgetStatus, change, currencyLabel, money, offHoursLine, topIncidents, topKeys, usd } from './format.js';
import { SAVINGS_METHOD } from './realized-savings.js';
import type { DashboardChart } from './dashboards/index.js';
import { windowSentence } from './render-html.js';
import type { KeyedSpend, WeeklyReportData } from './report-data.js';

/** A chart written as an SVG file beside the Markdown; `file` is relative to the Markdown file. */
export type ChartFile = Pick<DashboardChart, 'id' | 'title' | 'altText'> & { file: string };
import { SAVINGS_HEAD, savingsRows, savingsTotalLine } from './savings-section.js';

/** The report as Markdown: the same sections as the HTML, its tables, and the charts as SVG files beside it. */
export function renderMarkdown(data: WeeklyReportData, topAnomalyCount = 5, charts: readonly ChartFile[] = []): string {
  const { window, spendByCurrency, proposals, savings, modelSpend, guardrailBlocks } = data;
  const images = (...ids: string[]): string[] => {
    const found = ids.flatMap((id) => charts.filter((c) => c.id === id || (id.endsWith('*') && c.id.startsWith(id.slice(0, -1)))));
    return found.flatMap((c) => [`![${c.altText.replaceAll(/[[\]]/g, '')}](${encodeURI(c.file)} "${c.title.replaceAll('"', "'")}")`, '']);
  };
  const out: string[] = [`# Tollgate weekly optimization report`, '', `**Window:** ${windowSentence(window)}`, '', `Generated ${data.generatedAt}`, ''];

  out.push('## Spend', '');
  if (!spendByCurrency) out.push('No warehouse data for this period.', '');
  else
    for (const spend of spendByCurrency) {
      // One section per billing currency: amounts in two currencies are never added.
      const currency = currencyLabel(spend.currency);
      out.push(
        `### Spend in ${currency}`,
        '',
        `This week ${money(spend.currentTotal, currency)}, last week ${money(spend.previousTotal, currency)} (${change(spend.currentTotal, spend.previousTotal)}).`,
        '',
        ...images(
          `cost-by-team-${spend.currency ?? 'none'}`,
          `cost-by-service-${spend.currency ?? 'none'}`,
          `cost-by-env-${spend.currency ?? 'none'}`,
          `top-movers-${spend.currency ?? 'none'}`,
        ),
      );
      for (const [title, rows] of [
        ['By team', spend.byTeam],
        ['By service', spend.byService],
        ['By env', spend.byEnv],
      ] as const)
        out.push(`#### ${title} (${currency})`, '', ...keyedTable(rows, currency), '');
    }

  out.push('## Cost incidents', '', ...images('anomaly-calendar'));
  if (!data.incidents) out.push('No anomaly data.', '');
  else if (data.incidents.length === 0) out.push('No cost incidents this week.', '');
  else out.push(...topIncidents(data.incidents, topAnomalyCount).map((a) => `- ${incidentLine(a)}`), '');

  out.push('## Proposals and outcomes', '');
  if (proposals.length === 0) out.push('No proposals this week.', '');
  else {
    out.push('| workflow | resource | where | change | outcome | est. $/month | realized $/month | reason |', '|---|---|---|---|---|---:|---:|---|');
    for (const p of proposals)
      out.push(
        `| ${cell(p.workflowId)} | ${cell(p.resourceId)} | ${cell(p.where || '—')} | ${cell(p.change)} | ${p.outcome} | ${usd(p.estimatedMonthlySavingsUsd)} | ${p.realizedMonthlySavingsUsd === undefined ? '—' : usd(p.realizedMonthlySavingsUsd)} | ${cell(p.reason)} |`,
      );
    out.push('');
  }

  out.push(
    '## Savings: estimated vs realized',
    '',
    ...images('savings-cumulative-*'),
    `This week's proposals: estimated ${usd(savings.estimatedUsd)}/month (rejected and blocked proposals not counted); ${savings.verifiedCount} change(s) verified healthy.`,
    '',
  );
  if (!data.realizedFromBill) out.push('Realized savings need both the warehouse and the audit log: not measured.', '');
  else {
    out.push(`Measured from the bill (complete until ${data.realizedFromBill[0]?.billCoveredUntil ?? 'no rows'}). Method: ${SAVINGS_METHOD('N')}`, '');
    for (const ledger of data.realizedFromBill) {
      out.push(`### ${ledger.windowDays} days before and after`, '');
      if (ledger.changes.length > 0)
        out.push(
          `| ${SAVINGS_HEAD.join(' | ')} |`,
          `|${SAVINGS_HEAD.map(() => '---').join('|')}|`,
          ...savingsRows(ledger).map((r) => `| ${r.map(cell).join(' | ')} |`),
          '',
        );
      out.push(savingsTotalLine(ledger), '');
    }
  }
  const offHours = offHoursLine(data.offHours);
  if (offHours) out.push(offHours, '');

  if (data.budgets?.length || data.budgetsRefused?.length)
    out.push(
      '## Budgets',
      '',
      ...images('budget-burndown-*'),
      ...(data.budgetsRefused ?? []).flatMap((b) => [`Budget "${b.name}" is not drawn: ${b.reason}`, '']),
    );

  out.push("## The optimizer's own model spend", '', ...images('model-spend'));
  if (modelSpend.length === 0) out.push('No model calls this week.', '');
  else {
    out.push('| agent | calls | input tokens | output tokens | cost | budget |', '|---|---:|---:|---:|---:|---|');
    for (const a of modelSpend) out.push(`| ${cell(a.agent)} | ${a.calls} | ${a.inputTokens} | ${a.outputTokens} | ${usd(a.costUsd)} | ${budgetStatus(a)} |`);
    out.push('');
  }

  out.push('## Guardrail blocks', '');
  if (guardrailBlocks.length === 0) out.push('No proposal was blocked this week.', '');
  else out.push(...guardrailBlocks.map((b) => `- **${b.check}** × ${b.count}: ${b.example}`), '');
  return out.join('\n');
}

function keyedTable(rows: readonly KeyedSpend[], currency: string): string[] {
  return [
    `| key | this week (${currency}) | last week (${currency}) | change |`,
    '|---|---:|---:|---:|',
    ...topKeys(rows).map((r) => `| ${cell(r.key)} | ${money(r.current, currency)} | ${money(r.previous, currency)} | ${change(r.current, r.previous)} |`),
  ];
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
