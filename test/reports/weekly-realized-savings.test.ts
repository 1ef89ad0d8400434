import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, type AuditStore } from '../../audit/index.js';
import { buildWeeklyReport, renderHtml, renderMarkdown, writeWeeklyReport, type WeeklyReportData } from '../../reports/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/connection.js';
import { appendAll, clockDays, insertFocusDays, savingsBill, savingsLog } from './savings-fixtures.js';

const NOW = new Date('2031-05-20T08:00:00Z');
const { day } = clockDays(NOW);
const dir = mkdtempSync(join(tmpdir(), 'tollgate-weekly-savings-'));
let db: Warehouse;
let audit: AuditStore;
let data: WeeklyReportData;

beforeAll(async () => {
  db = await openWarehouse(join(dir, 'warehouse.duckdb'));
  await insertFocusDays(db, savingsBill(NOW));
  audit = openAuditStore(join(dir, 'audit.sqlite'));
  await appendAll(audit, savingsLog(NOW));
  data = await buildWeeklyReport({ weekEnding: day(32), warehouse: db, audit, now: () => new Date(Date.parse(`${day(32)}T06:00:00Z`)) });
});
afterAll(async () => {
  db?.close();
  await audit?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the weekly report: savings estimated vs realized from the bill', () => {
  it('carries both windows, every applied change once, in the data and its JSON', async () => {
    expect(data.realizedFromBill?.map((l) => l.windowDays)).toEqual([7, 30]);
    expect(data.realizedFromBill?.[0]?.changes.map((c) => c.workflowId).sort()).toEqual(['wf-eur', 'wf-later', 'wf-resize', 'wf-twice-2']);
    const json = JSON.parse(readFileSync((await writeWeeklyReport(data, dir)).json, 'utf8')) as WeeklyReportData;
    expect(json.realizedFromBill?.[1]?.changes.find((c) => c.workflowId === 'wf-later')).toMatchObject({ status: 'pending', missingDays: 10 });
  });

  it('renders per-change rows, pending days, per-currency totals and the method in Markdown and HTML', async () => {
    const markdown = renderMarkdown(data);
    const section = markdown.slice(markdown.indexOf('## Savings: estimated vs realized'), markdown.indexOf("## The optimizer's own model spend"));
    expect(section).toContain(`Measured from the bill (complete until ${day(31)})`);
    expect(section).toContain('N full UTC days before the change day');
    expect(section).toContain('### 7 days before and after');
    expect(section).toContain(`| I-Resize | m5.2xlarge → m5.xlarge | ${day(0)} | $500.00 | 730.00 USD | 48.00 USD → 10.29 USD |`);
    expect(section).toContain('| i-later | m5.2xlarge → m5.xlarge | ' + day(10) + ' | $400.00 | pending: 10 day(s) of the bill missing |');
    expect(section).toContain('1,216.67 EUR/month realized on 1 measured change(s) estimated at $1,000.00');
    expect(section).toContain('1,794.58 USD/month realized on 3 measured change(s) estimated at $980.00'); // (24 + 15 + 20) × 730 / 24
    expect(section).not.toContain('i-rejected');
    expect(section).not.toContain('i-blocked');
    const html = await renderHtml(data);
    expect(html).toContain('<h3>30 days before and after</h3>');
    expect(html).toContain('pending: 10 day(s) of the bill missing');
    expect(html).toContain('1,216.67 EUR/month realized');
  });
});
