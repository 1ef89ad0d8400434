import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherWeeklyReport } from '../../activities/weekly-report.js';
import { SpendLedger } from '../../agents/index.js';
import { openAuditStore, type AuditStore } from '../../audit/index.js';
import { projectPeriodEnd } from '../../detect/budgets.js';
import type { Policy } from '../../guardrails/index.js';
import { dashboardCharts, dashboardData, renderMarkdown, writeWeeklyReport, type DashboardChart, type WeeklyReportData } from '../../reports/index.js';
import { dailyCostInScope, openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { launchChromium } from '../support/chromium-browser.js';
import { TEXT_OVERFLOW_PROBE, type TextOverflow } from '../support/chromium-probes.js';
import { samplePolicy } from '../support/world.js';
import { appendAll, clockDays, insertFocusDays, savingsBill, savingsLog } from './savings-fixtures.js';

/**
 * A real DuckDB warehouse file, SQLite audit log and spend ledger, read the way the weekly
 * Schedule and the console read them (activities/weekly-report.ts gatherWeeklyReport): a bill in
 * USD and EUR with team and service names long enough to be clipped by a careless chart, a spike
 * the incident detector finds, a budget, applied changes measured from the bill, and model calls.
 */
const NOW = new Date('2031-05-20T08:00:00Z');
const { day } = clockDays(NOW);
const REPORT_NOW = new Date(`${day(32)}T06:00:00Z`);
const LONG_TEAM = 'platform-engineering-shared-services-and-developer-experience';
const LONG_SERVICE = 'Amazon Elastic Container Service for Kubernetes (managed control plane)';
const EUR_TEAM = 'zahlungsverkehr-und-abrechnung-europa';
const BUDGET = 'platform engineering monthly';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-dashboards-'));
const dbPath = join(dir, 'warehouse.duckdb');
let audit: AuditStore;
let ledger: SpendLedger;
let data: WeeklyReportData;
let charts: DashboardChart[];
const policy: Policy = {
  ...samplePolicy(),
  budgets: [
    { name: BUDGET, period: 'monthly', amountUsd: 9_000, scope: { dimension: 'team', key: LONG_TEAM }, alertAtPct: [80, 100] },
    // The whole bill has EUR lines: a USD budget over it is refused, and the report says so.
    { name: 'whole bill', period: 'monthly', amountUsd: 50_000, scope: { dimension: 'total', key: 'all' }, alertAtPct: [100] },
  ],
};

/** Tagged daily lines: the long-named team in USD (tripled on three days of the report week), a EUR team beside it. */
async function insertTeams(db: Warehouse): Promise<void> {
  const rows: string[] = [];
  for (let d = -40; d <= 31; d++) {
    const spike = d >= 27 && d <= 29;
    const lines: [string, string, string, number][] = [
      [LONG_TEAM, LONG_SERVICE, 'USD', spike ? 900 : 300],
      [LONG_TEAM, 'Amazon Simple Storage Service', 'USD', 40 + (d % 7)],
      [EUR_TEAM, 'Virtual Machines', 'EUR', 120],
    ];
    for (const [i, [team, service, currency, cost]] of lines.entries())
      rows.push(
        `(TIMESTAMP '${day(d)} 00:00:00', TIMESTAMP '${day(d)} 00:00:00' + INTERVAL 1 DAY, ${cost}, ${cost}, '${currency}', '${service}', 'aws', '${JSON.stringify({ team, env: 'production-eu-central' })}', 'teams.csv', ${(d + 40) * 3 + i}, 0, 'ingest-teams', 'focus')`,
      );
  }
  await queryRows(
    db,
    `INSERT INTO focus_rows (ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, BillingCurrency, ServiceName, ProviderName, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     VALUES ${rows.join(',\n')}`,
  );
}

beforeAll(async () => {
  const db = await openWarehouse(dbPath);
  await insertFocusDays(db, savingsBill(NOW));
  await insertTeams(db);
  db.close();
  audit = openAuditStore(join(dir, 'audit.sqlite'));
  await appendAll(audit, savingsLog(NOW));
  ledger = new SpendLedger(join(dir, 'agent-spend.sqlite'));
  for (const [offset, agentId, costUsd] of [
    [27, 'rightsizer', 0.42],
    [27, 'enricher', 0.08],
    [30, 'rightsizer', 1.25],
    [-5, 'rightsizer', 9.99], // outside the four weeks: not drawn
  ] as const)
    ledger.record({
      at: `${day(offset)}T09:00:00.000Z`,
      agentId,
      model: 'gpt-4o-mini',
      runId: `run-${offset}`,
      findingId: `finding-${offset}`,
      owner: 'finops',
      budgetId: agentId,
      promptId: 'rightsize/v3',
      tokens: { input: 1000, output: 200, cached: 0 },
      costUsd,
      cacheHit: false,
      outcome: 'valid',
    });
  ({ data } = await gatherWeeklyReport({ warehousePath: dbPath, audit, policy, ledger, now: () => REPORT_NOW }));
  charts = await dashboardCharts(dashboardData(data));
}, 120_000);
afterAll(async () => {
  await audit?.close();
  ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

const chart = (id: string) => {
  const found = charts.find((c) => c.id === id);
  if (!found) throw new Error(`no chart ${id}; have ${charts.map((c) => c.id).join(', ')}`);
  return found;
};
/** Every <text> element's content, as drawn (entities decoded). */
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"'));

describe('dashboard charts from a real warehouse, audit log and spend ledger', () => {
  it('draws one set of cost charts per billing currency, never mixing them', () => {
    expect(data.costByWeek?.map((s) => s.currency)).toEqual(['EUR', 'USD']);
    for (const currency of ['EUR', 'USD'])
      for (const id of [`cost-by-team-${currency}`, `cost-by-service-${currency}`, `cost-by-env-${currency}`, `top-movers-${currency}`]) {
        const other = currency === 'EUR' ? 'USD' : 'EUR';
        expect(texts(chart(id).svg).join(' ')).toContain(`(${currency})`);
        expect(chart(id).svg).not.toContain(`(${other})`);
      }
    // The EUR team's cost is in the EUR chart only.
    expect(texts(chart('cost-by-team-EUR').svg)).toContain(EUR_TEAM);
    expect(texts(chart('cost-by-team-USD').svg)).not.toContain(EUR_TEAM);
  });

  it('has titles, axis titles with the currency, gridlines and every category label in full', () => {
    const team = texts(chart('cost-by-team-USD').svg);
    expect(team).toContain('Cost by team per week, USD');
    expect(team).toContain('Week starting');
    expect(team).toContain('Cost (USD)');
    expect(team).toContain(LONG_TEAM); // the legend entry, whole: no ellipsis
    expect(team.some((t) => t.includes('…'))).toBe(false);
    expect(chart('cost-by-team-USD').svg).toContain('role-axis-grid');
    expect(texts(chart('cost-by-service-USD').svg)).toContain(LONG_SERVICE);
    expect(texts(chart('cost-by-env-EUR').svg)).toContain('production-eu-central');
    // Eight weeks on the x axis, each label a full date.
    expect(team.filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t))).toHaveLength(8);
    const movers = texts(chart('top-movers-USD').svg);
    expect(movers).toContain(`service: ${LONG_SERVICE}`);
    expect(movers).toContain('Change vs last week (USD)');
  });

  it('gives every chart a <title>, a <desc> and alt text that says what it shows', () => {
    for (const c of charts) {
      expect(c.svg).toMatch(/^<svg id="chart-[\w-]+" role="img" aria-labelledby="chart-[\w-]+-title chart-[\w-]+-desc"/);
      expect(c.svg).toContain(`<title id="chart-${c.id}-title">`);
      expect(c.altText.length).toBeGreaterThan(40);
    }
    expect(chart('cost-by-team-USD').altText).toContain(LONG_TEAM);
    expect(new Set(charts.map((c) => c.id)).size).toBe(charts.length);
  });

  it('colours a calendar cell for every day an incident was open', () => {
    expect(data.incidents?.length).toBeGreaterThan(0);
    const svg = chart('anomaly-calendar').svg;
    const openDays = new Set<string>();
    for (const i of data.incidentDays!.filter((d) => d.count > 0)) {
      openDays.add(i.date);
      expect(svg).toContain(`aria-label="${i.date}: ${i.count} incident(s), worst ${i.worst}"`);
    }
    for (const spike of [day(27), day(28), day(29)]) expect(openDays.has(spike)).toBe(true);
    // Every day of the eight weeks has its cell, incident or not.
    expect(svg.match(/aria-label="\d{4}-\d{2}-\d{2}: /g)).toHaveLength(56);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Day of week', 'Week starting (Monday)', 'Worst severity']));
  });

  it('burns the budget down to the same projection the budget alerts use', async () => {
    const [burn] = data.budgets!;
    expect(burn).toMatchObject({ name: BUDGET, asOf: day(31), budgetUsd: 9_000 });
    const db = await openWarehouse(dbPath);
    const spend = await dailyCostInScope(db, policy.budgets[0]!.scope);
    db.close();
    const { spentUsd, projectedUsd } = projectPeriodEnd(spend, day(31), 'monthly');
    expect(burn!.actual.at(-1)!.remainingUsd).toBeCloseTo(9_000 - spentUsd, 2);
    expect(burn!.forecast.at(-1)).toEqual({ date: burn!.periodEnd, remainingUsd: expect.closeTo(9_000 - projectedUsd, 2) as number });
    const svg = chart(`budget-burndown-platform-engineering-monthly`).svg;
    expect(texts(svg)).toEqual(expect.arrayContaining(['Budget remaining (USD)', 'spent so far', 'forecast']));
    expect(data.budgets).toHaveLength(1);
    expect(data.budgetsRefused).toEqual([{ name: 'whole bill', reason: expect.stringContaining('EUR') as string }]);
    expect(renderMarkdown(data)).toContain('Budget "whole bill" is not drawn: ');
  });

  it('draws savings realized per billing currency, with the estimate only on a USD axis', () => {
    const usd = texts(chart('savings-cumulative-USD').svg);
    expect(usd).toEqual(expect.arrayContaining(['Saved to date (USD)', 'realized (from the bill)', 'estimated']));
    const eur = chart('savings-cumulative-EUR');
    expect(texts(eur.svg)).toContain('Saved to date (EUR)');
    expect(texts(eur.svg)).not.toContain('estimated');
    // vm-eur: 1,216.67 EUR a month realized (tested in weekly-realized-savings) = 40 EUR a day, for the 31 full days
    // from the day after its change (day 0) to the bill's last complete day (day 31, the tagged lines' last).
    expect(eur.altText).toContain(`1,240.00 EUR saved by ${day(31)}`);
  });

  it("draws the optimizer's own model spend from the ledger, per day and agent, in USD", () => {
    expect(data.modelSpendByDay).toEqual([
      { date: day(27), agent: 'enricher', costUsd: 0.08 },
      { date: day(27), agent: 'rightsizer', costUsd: 0.42 },
      { date: day(30), agent: 'rightsizer', costUsd: 1.25 },
    ]);
    const c = chart('model-spend');
    expect(texts(c.svg)).toEqual(expect.arrayContaining(['Model spend (USD)', 'rightsizer', 'enricher']));
    expect(c.altText).toContain('1.75 USD in all');
  });

  it('renders the same SVG every time: no clock, no random ids', async () => {
    const again = await dashboardCharts(dashboardData(data));
    expect(again.map((c) => c.svg)).toEqual(charts.map((c) => c.svg));
  });

  it('writes each chart as an SVG file beside the Markdown, which embeds them by relative name', async () => {
    const out = join(dir, 'out');
    const paths = await writeWeeklyReport(data, out);
    expect(paths.charts).toHaveLength(charts.length);
    const markdown = readFileSync(paths.markdown, 'utf8');
    for (const c of charts) {
      const file = `weekly-${day(32)}-${c.id}.svg`;
      expect(existsSync(join(out, file))).toBe(true);
      expect(readFileSync(join(out, file), 'utf8')).toBe(`${c.svg}\n`);
      expect(markdown).toContain(`](${file} "`);
    }
    const html = readFileSync(paths.html, 'utf8');
    for (const c of charts) expect(html).toContain(`id="chart-${c.id}"`);
  });

  it('lays out every text element inside its chart in real Chromium, long names included', async () => {
    const paths = await writeWeeklyReport(data, join(dir, 'chromium'));
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.goto(pathToFileURL(paths.html).href);
      expect(await page.locator('figure.chart > svg').count()).toBe(charts.length);
      expect((await page.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[]).toEqual([]);
      const artifacts = process.env.TOLLGATE_TEST_ARTIFACTS;
      if (artifacts) writeFileSync(join(artifacts, 'weekly-dashboards.png'), await page.screenshot({ fullPage: true }));
    } finally {
      await chromium.close();
    }
  }, 60_000);
});
