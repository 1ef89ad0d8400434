import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import { buildWeeklyReport, renderHtml } from '../../reports/index.js';
import { openWarehouse } from '../../warehouse/connection.js';
import { launchChromium } from '../support/chromium-browser.js';
import { CHART_PROBE, pixelProbe, type ChartCounts, type PixelStats } from '../support/chromium-probes.js';
import { INCIDENTS, seedAudit, seedWarehouse, WEEK_ENDING } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-report-html-'));
let htmlPath: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const warehouse = await openWarehouse(':memory:');
  await seedWarehouse(warehouse);
  const audit = openAuditStore(join(dir, 'audit.sqlite'));
  await seedAudit(audit);
  const data = await buildWeeklyReport({ weekEnding: WEEK_ENDING, warehouse, audit, incidents: INCIDENTS, agentBudgetsUsd: { rightsizer: 2 } });
  warehouse.close();
  await audit.close();
  htmlPath = join(dir, 'weekly.html');
  writeFileSync(htmlPath, renderHtml(data));
  chromium = await launchChromium();
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report in headless Chromium', () => {
  it('draws charts that carry data and a screenshot that is not blank', async () => {
    const page = await chromium.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(htmlPath).href);

    const charts = (await page.evaluate(CHART_PROBE)) as ChartCounts;
    expect(charts.svgs).toBeGreaterThanOrEqual(5); // daily line, team, env, service, outcomes, savings
    expect(charts.lines).toBe(1);
    expect(charts.points).toBe(21);
    // 2 teams + 2 envs + 3 services + 5 outcomes + 2 savings bars, each with a drawn width
    expect(charts.bars).toBe(2 + 2 + 3 + 5 + 2);

    // Pixels: the PNG screenshot is decoded in the page itself to measure how much it varies.
    const png = (await page.screenshot({ fullPage: true })).toString('base64');
    // the chart colour #2f6fdf
    const pixels = (await page.evaluate(pixelProbe(png, [0x2f, 0x6f, 0xdf]))) as PixelStats;
    expect(pixels.height).toBeGreaterThan(800);
    expect(pixels.variance).toBeGreaterThan(100); // a blank white page has variance 0
    expect(pixels.matching).toBeGreaterThan(2000); // the bars and the line are actually painted
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
  }, 60_000);
});
