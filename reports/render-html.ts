import { incidentLine, budgetStatus, change, currencyLabel, money, offHoursLine, topIncidents, topKeys, usd } from './format.js';
import { SAVINGS_METHOD } from './realized-savings.js';
import type { KeyedSpend, WeeklyReportData } from './report-data.js';
import { SAVINGS_HEAD, savingsRows, savingsTotalLine } from './savings-section.js';
import { barChart, escapeXml as esc, lineChart } from './svg-charts.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #dde3ec;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #dde3ec;padding:4px 8px;text-align:left}
td.n{text-align:right}.muted{color:#6b7280}.charts{display:flex;flex-wrap:wrap;gap:16px}
.outcome-executed{color:#137333}.outcome-blocked,.outcome-aborted,.outcome-rolled-back,.outcome-rollback-failed{color:#b3261e}.over{color:#b3261e;font-weight:600}`;

/** The report as one self-contained HTML file: inline CSS and inline SVG charts, no scripts. */
export function renderHtml(data: WeeklyReportData, topAnomalyCount = 5): string {
  const { window, spendByCurrency, proposals, savings, modelSpend, guardrailBlocks } = data;
  const parts: string[] = [
    `<h1>Tollgate weekly optimization report</h1>`,
    `<p class="muted">Week ${window.from.slice(0, 10)} to ${window.to.slice(0, 10)} (exclusive) · generated ${esc(data.generatedAt)}</p>`,
    `<h2>Spend</h2>`,
  ];
  if (!spendByCurrency) parts.push(`<p>No warehouse data for this period.</p>`);
  else
    for (const spend of spendByCurrency) {
      // One section per billing currency, its charts scaled and labelled in it alone.
      const currency = currencyLabel(spend.currency);
      const format = (n: number) => `${Math.round(n).toLocaleString('en-US')} ${currency}`;
      parts.push(
        `<h3>Spend in ${esc(currency)}</h3>`,
        `<p>This week <b>${esc(money(spend.currentTotal, currency))}</b>, last week ${esc(money(spend.previousTotal, currency))} (${change(spend.currentTotal, spend.previousTotal)}).</p>`,
        `<div class="charts">${lineChart(
          `Daily spend in ${currency}, last 4 weeks`,
          spend.daily.map((d) => ({ label: d.date, value: d.cost })),
          { width: 960, format },
        )}</div>`,
      );
      const bars = (rows: readonly KeyedSpend[]) => topKeys(rows).map((r) => ({ label: r.key, value: r.current, compare: r.previous }));
      parts.push(
        `<div class="charts">${barChart(`By team in ${currency} (this week; thin bar: last week)`, bars(spend.byTeam), { width: 470, format })}${barChart(`By env in ${currency}`, bars(spend.byEnv), { width: 470, format })}</div>`,
        `<div class="charts">${barChart(`By service in ${currency}`, bars(spend.byService), { width: 960, format })}</div>`,
      );
    }

  parts.push(`<h2>Cost incidents</h2>`);
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
    parts.push(
      `<div class="charts">${barChart(
        'Proposals by outcome',
        [...counts].map(([label, value]) => ({ label, value })),
        { width: 470, format: (n) => String(n) },
      )}</div>`,
    );
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

  parts.push(`<h2>Savings: estimated vs realized</h2>`);
  parts.push(
    `<div class="charts">${barChart(
      'Monthly savings',
      [
        { label: 'estimated', value: savings.estimatedUsd },
        { label: `verified (${savings.verifiedCount})`, value: savings.realizedUsd },
      ],
      { width: 470 },
    )}</div>`,
  );
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

  parts.push(`<h2>The optimizer's own model spend</h2>`);
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

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

function num(text: string): string {
  return `<td class="n">${esc(text)}</td>`;
}
