import { incidentLine, budgetStatus, change, currencyLabel, money, offHoursLine, topIncidents, usd } from './format.js';
import { SAVINGS_METHOD } from './realized-savings.js';
import { dashboardCharts, dashboardData, type DashboardChart } from './dashboards/index.js';
import type { WeeklyReportData } from './report-data.js';
import { SAVINGS_HEAD, savingsRows, savingsTotalLine } from './savings-section.js';

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
const esc = escapeXml;

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #dde3ec;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #dde3ec;padding:4px 8px;text-align:left}
td.n{text-align:right}.muted{color:#6b7280}.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure.chart{margin:0;max-width:100%;overflow-x:auto}figure.chart svg{display:block}
.outcome-executed{color:#137333}.outcome-blocked,.outcome-aborted,.outcome-rolled-back,.outcome-rollback-failed{color:#b3261e}.over{color:#b3261e;font-weight:600}`;

/** The report as one self-contained HTML file: inline CSS and the dashboards' SVG charts, no scripts. */
export async function renderHtml(data: WeeklyReportData, topAnomalyCount = 5): Promise<string> {
  return renderHtmlWithCharts(data, await dashboardCharts(dashboardData(data)), topAnomalyCount);
}

/** The same, with charts rendered beforehand (writeWeeklyReport renders them once for HTML and Markdown). */
export function renderHtmlWithCharts(data: WeeklyReportData, charts: readonly DashboardChart[], topAnomalyCount = 5): string {
  const { window, spendByCurrency, proposals, savings, modelSpend, guardrailBlocks } = data;
  const figures = (...ids: string[]) => {
    const found = ids.flatMap((id) => charts.filter((c) => c.id === id || (id.endsWith('*') && c.id.startsWith(id.slice(0, -1)))));
    return found.length ? `<div class="charts">${found.map((c) => `<figure class="chart" id="figure-${esc(c.id)}">${c.svg}</figure>`).join('')}</div>` : '';
  };
  const parts: string[] = [
    `<h1>Tollgate weekly optimization report</h1>`,
    `<p class="window"><b>Window:</b> ${esc(windowSentence(window))}</p>`,
    `<p class="muted">Generated ${esc(data.generatedAt)}</p>`,
    `<h2>Spend</h2>`,
  ];
  if (!spendByCurrency) parts.push(`<p>No warehouse data for this period.</p>`);
  else
    for (const spend of spendByCurrency) {
      // One section per billing currency, its charts scaled and labelled in it alone.
      const currency = currencyLabel(spend.currency);
      const slug = spend.currency ?? 'none';
      parts.push(
        `<h3>Spend in ${esc(currency)}</h3>`,
        `<p>This week <b>${esc(money(spend.currentTotal, currency))}</b>, last week ${esc(money(spend.previousTotal, currency))} (${change(spend.currentTotal, spend.previousTotal)}).</p>`,
        figures(`cost-by-team-${slug}`, `cost-by-env-${slug}`),
        figures(`cost-by-service-${slug}`, `top-movers-${slug}`),
      );
    }

  parts.push(`<h2>Cost incidents</h2>`);
  parts.push(figures('anomaly-calendar'));
  if (!data.incidents) parts.push(`<p>No anomaly data.</p>`);
  else if (data.incidents.length === 0) parts.push(`<p>No cost incidents this week.</p>`);
  else
    parts.push(
      `<ul>${topIncidents(data.incidents, topAnomalyCount)
        .map((a) => `<li>${esc(incidentLine(a))}</li>`)
        .join('')}</ul>`,
    );

  parts.push(`<h2>Proposals and outcomes</h2>`);
  if (proposals.length === 0) parts.push(`<p>No proposals this week.</p>`);
  else {
    const counts = new Map<string, number>();
    for (const p of proposals) counts.set(p.outcome, (counts.get(p.outcome) ?? 0) + 1);
    parts.push(`<p>${[...counts].map(([outcome, n]) => `${n} ${esc(outcome)}`).join(', ')}.</p>`);
    parts.push(
      table(
        ['workflow', 'resource', 'where', 'change', 'outcome', 'est. $/month', 'realized $/month', 'reason'],
        proposals.map((p) => [
          esc(p.workflowId),
          esc(p.resourceId),
          esc(p.where || '—'),
          esc(p.change),
          `<span class="outcome-${p.outcome}">${p.outcome}</span>`,
          num(usd(p.estimatedMonthlySavingsUsd)),
          num(p.realizedMonthlySavingsUsd === undefined ? '—' : usd(p.realizedMonthlySavingsUsd)),
          esc(p.reason),
        ]),
      ),
    );
  }

  parts.push(`<h2>Savings: estimated vs realized</h2>`, figures('savings-cumulative-*'));
  parts.push(
    `<p>This week's proposals: estimated ${esc(usd(savings.estimatedUsd))}/month (rejected and blocked proposals not counted); ${savings.verifiedCount} change(s) verified healthy.</p>`,
  );
  if (!data.realizedFromBill) parts.push('<p>Realized savings need both the warehouse and the audit log: not measured.</p>');
  else {
    parts.push(
      `<p>Measured from the bill (complete until ${esc(data.realizedFromBill[0]?.billCoveredUntil ?? 'no rows')}). Method: ${esc(SAVINGS_METHOD('N'))}</p>`,
    );
    for (const ledger of data.realizedFromBill) {
      parts.push(`<h3>${ledger.windowDays} days before and after</h3>`);
      if (ledger.changes.length > 0)
        parts.push(
          table(
            SAVINGS_HEAD,
            savingsRows(ledger).map((r) => r.map((c, i) => (i >= 3 ? num(c) : esc(c)))),
          ),
        );
      parts.push(`<p>${esc(savingsTotalLine(ledger))}</p>`);
    }
  }
  const offHours = offHoursLine(data.offHours);
  if (offHours) parts.push(`<p>${esc(offHours)}</p>`);

  if (data.budgets?.length || data.budgetsRefused?.length)
    parts.push(
      `<h2>Budgets</h2>`,
      figures('budget-burndown-*'),
      ...(data.budgetsRefused ?? []).map((b) => `<p>Budget "${esc(b.name)}" is not drawn: ${esc(b.reason)}</p>`),
    );

  parts.push(`<h2>The optimizer's own model spend</h2>`, figures('model-spend'));
  if (modelSpend.length === 0) parts.push(`<p>No model calls this week.</p>`);
  else
    parts.push(
      table(
        ['agent', 'calls', 'input tokens', 'output tokens', 'cost', 'budget'],
        modelSpend.map((a) => [
          esc(a.agent),
          num(String(a.calls)),
          num(String(a.inputTokens)),
          num(String(a.outputTokens)),
          num(usd(a.costUsd)),
          `<span class="${a.budgetUsd !== undefined && a.costUsd > a.budgetUsd ? 'over' : ''}">${esc(budgetStatus(a))}</span>`,
        ]),
      ),
    );

  parts.push(`<h2>Guardrail blocks</h2>`);
  if (guardrailBlocks.length === 0) parts.push(`<p>No proposal was blocked this week.</p>`);
  else
    parts.push(
      table(
        ['check', 'blocks', 'example reason'],
        guardrailBlocks.map((b) => [esc(b.check), num(String(b.count)), esc(b.example)]),
      ),
    );

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tollgate weekly report ${window.to.slice(0, 10)}</title><style>${STYLE}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}

/** The header's statement of which days the report covers and why. */
export function windowSentence(window: WeeklyReportData['window']): string {
  return window.description ?? `${window.from.slice(0, 10)} to ${window.to.slice(0, 10)} (exclusive).`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

function num(text: string): string {
  return `<td class="n">${esc(text)}</td>`;
}
