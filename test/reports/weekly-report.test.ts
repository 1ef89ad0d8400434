import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, type AuditStore } from '../../audit/index.js';
import { buildWeeklyReport, postSlackSummary, renderMarkdown, type WeeklyReportData } from '../../reports/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/connection.js';
import { tollgate } from '../audit/cli-support.js';
import { SlackApiServer } from '../support/slack-api.js';
import { INCIDENTS, seedAudit, seedWarehouse, WEEK_ENDING } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-report-'));
const dbPath = join(dir, 'warehouse.duckdb');
const auditPath = join(dir, 'audit.sqlite');
let warehouse: Warehouse;
let audit: AuditStore;
let data: WeeklyReportData;

beforeAll(async () => {
  warehouse = await openWarehouse(dbPath);
  await seedWarehouse(warehouse);
  audit = openAuditStore(auditPath);
  await seedAudit(audit);
  data = await buildWeeklyReport({
    weekEnding: WEEK_ENDING,
    warehouse,
    audit,
    incidents: INCIDENTS,
    agentBudgetsUsd: { rightsizer: 2, enricher: 5 },
    now: () => new Date('2025-03-10T06:00:00Z'),
  });
});
afterAll(async () => {
  warehouse?.close();
  await audit?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('weekly report data', () => {
  it('compares this week with last week by team, service and env from focus_rows', () => {
    expect(data.spendByCurrency?.map((s) => s.currency)).toEqual(['USD']);
    const spend = data.spendByCurrency![0]!;
    expect(spend.daily).toHaveLength(21);
    const payments = spend.byTeam.find((r) => r.key === 'payments')!;
    expect(payments).toEqual({ key: 'payments', current: 7 * 220, previous: 7 * 120 });
    expect(spend.byTeam[0]!.key).toBe('payments'); // biggest first
    expect(spend.byService.find((r) => r.key === 'Amazon Elastic Compute Cloud')).toMatchObject({ current: 7 * 250, previous: 7 * 150 });
    expect(spend.byEnv.map((r) => r.key).sort()).toEqual(['dev', 'prod']);
    expect(spend.currentTotal).toBeCloseTo(
      spend.byTeam.reduce((t, r) => t + r.current, 0),
      6,
    );
  });

  it('gives each proposal its outcome and reason from the decision log', () => {
    const byId = Object.fromEntries(data.proposals.map((p) => [p.workflowId, p]));
    expect(Object.keys(byId).sort()).toEqual(['wf-abort', 'wf-block', 'wf-exec', 'wf-expire', 'wf-offhours', 'wf-reject']); // wf-old is last week
    expect(byId['wf-exec']).toMatchObject({ outcome: 'executed', change: 'm5.2xlarge → m5.xlarge', realizedMonthlySavingsUsd: 132.5 });
    expect(byId['wf-reject']).toMatchObject({ outcome: 'rejected', reason: 'second@example.com: quarter-end batch' });
    expect(byId['wf-expire']!.outcome).toBe('expired');
    expect(byId['wf-block']).toMatchObject({
      outcome: 'blocked',
      reason: 'savings $4.00/month is below the $10 minimum',
      where: 'aws account 111122223333, us-east-1',
    });
    // An off-hours proposal recorded without a scope (as records from before it was kept) shows none.
    expect(byId['wf-offhours']?.where).toBe('');
    expect(byId['wf-abort']).toMatchObject({ outcome: 'aborted', reason: 'drift since approval: resource changed 1 day ago' });
    // An enrollment is executed, shows its times, and claims no realized saving before any firing.
    expect(byId['wf-offhours']).toMatchObject({
      outcome: 'executed',
      resourceId: 'i-devbox',
      change: 'off-hours: stop "0 20 * * 1-5", start "0 7 * * 1-5" (Europe/Berlin)',
      reason: 'enrolled until 2025-04-03T10:00:00.000Z',
    });
    expect(byId['wf-offhours']!.realizedMonthlySavingsUsd).toBeUndefined();
  });

  it('measures the week of off-hours schedules from their firings: hours really off, priced at the enrollment rate', () => {
    // 2 nights × 11 h of the 103 h a week "0 20 * * 1-5" → "0 7 * * 1-5" in Berlin plans; $60/month covers those 103 h.
    expect(data.offHours).toEqual({ enrolledVms: 1, hoursOff: 22, plannedHours: 103, savedUsd: 2.96, refusedChanges: 1 });
    expect(renderMarkdown(data)).toContain(
      'Off-hours schedules: 1 VM(s) enrolled, off 22 of 103 planned hours, $2.96 saved this week at list price; 1 scheduled change(s) refused, see the audit log.',
    );
  });

  it('sums savings estimated (not rejected, not blocked) against realized (verified)', () => {
    expect(data.savings).toEqual({ estimatedUsd: 140 + 35 + 25 + 60, realizedUsd: 132.5, verifiedCount: 1 });
  });

  it('reports model spend per agent against its budget, and guardrail blocks by check', () => {
    const rightsizer = data.modelSpend.find((a) => a.agent === 'rightsizer')!;
    expect(rightsizer).toEqual({ agent: 'rightsizer', calls: 5, inputTokens: 6000, outputTokens: 1500, costUsd: 3, budgetUsd: 2 });
    expect(data.modelSpend.find((a) => a.agent === 'enricher')).toMatchObject({ costUsd: 1.5, budgetUsd: 5 });
    expect(data.guardrailBlocks).toEqual([{ check: 'min-savings', count: 1, example: 'savings $4.00/month is below the $10 minimum' }]);
  });

  it('renders Markdown with every section, and says so when anomaly data is missing', async () => {
    const markdown = renderMarkdown(data);
    for (const heading of [
      '## Spend',
      '## Cost incidents',
      '## Proposals and outcomes',
      '## Savings: estimated vs realized',
      "## The optimizer's own model spend",
      '## Guardrail blocks',
    ])
      expect(markdown).toContain(heading);
    expect(markdown).toContain('+300.00 USD (660.00 USD vs 360.00 USD expected, level-shift); root cause team=payments, service=Amazon Elastic Compute Cloud');
    expect(markdown).toContain('explains: service Amazon Elastic Compute Cloud 100%');
    expect(data.incidents?.map((i) => i.start)).toEqual(['2025-03-03']);
    expect(markdown).toContain('150% of $2.00 — OVER BUDGET');
    const { incidents: _none, ...withoutAnomalies } = data;
    expect(renderMarkdown(withoutAnomalies)).toContain('No anomaly data.');
  });

  it('posts a Block Kit summary through the WebClient', async () => {
    const slackApi = new SlackApiServer();
    const client = new WebClient('xoxb-test-token', { slackApiUrl: await slackApi.start() });
    try {
      expect(
        await postSlackSummary(client, 'C_FINOPS', data, {
          consoleUrl: 'https://tollgate.example.com/finops/',
          file: '/var/lib/tollgate/reports/weekly-2025-03-09.html',
        }),
      ).toMatch(/^\d+\.\d+$/);
      const [post] = slackApi.called('chat.postMessage');
      expect(post!.args.channel).toBe('C_FINOPS');
      const text = JSON.stringify(post!.args.blocks);
      expect(text).toContain('6: 2 executed, 1 rejected, 1 expired, 1 blocked');
      // The fixture bill has no rows for i-exec: its change (2025-03-04) waits for 30 days of bill after it.
      expect(text).toContain('$260.00 estimated · nothing realized from the bill at 30 days (1 pending)');
      expect(text).toContain('over budget: rightsizer');
      // The console's page, never the path of a file on the machine that ran the report.
      expect(text).toContain(`<https://tollgate.example.com/finops/reports/weekly?weekEnding=${WEEK_ENDING}|Open the full report in the Tollgate console>`);
      expect(text).not.toContain('/var/lib/tollgate');
    } finally {
      await slackApi.stop();
    }
  });
});

describe('tollgate report weekly', () => {
  it('writes Markdown, HTML and JSON from a warehouse file and an audit store', async () => {
    warehouse.close(); // DuckDB allows one writer process: hand the file to the CLI
    const out = join(dir, 'out');
    const result = await tollgate(['report', 'weekly', '--out', out, '--db', dbPath, '--store', auditPath, '--week-ending', WEEK_ENDING, '--json']);
    warehouse = await openWarehouse(dbPath);
    expect(result.code, result.stderr).toBe(0);
    const { paths } = JSON.parse(result.stdout) as { paths: { markdown: string; html: string; charts: string[] } };
    const markdown = readFileSync(paths.markdown, 'utf8');
    expect(markdown).toContain('| wf-block | i-block | aws account 111122223333, us-east-1 | t3.large → t3.medium | blocked |');
    expect(markdown).toContain('**Window:** 2025-03-03 to 2025-03-09: the seven days before 2025-03-10, as asked (--week-ending).');
    // Each chart an SVG file beside the Markdown, embedded by its relative name.
    expect(paths.charts.map((p) => basename(p))).toEqual(
      expect.arrayContaining(['weekly-2025-03-09-cost-by-team-USD.svg', 'weekly-2025-03-09-anomaly-calendar.svg']),
    );
    for (const chart of paths.charts) {
      expect(readFileSync(chart, 'utf8')).toMatch(/^<svg id="chart-/);
      expect(markdown).toContain(`](${basename(chart)} "`);
    }
    const html = readFileSync(paths.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src="http|href="http/); // self-contained
  }, 120_000);
});
