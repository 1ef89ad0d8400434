import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import { buildWeeklyReport, renderHtml } from '../../reports/index.js';
import { openWarehouse } from '../../warehouse/connection.js';
import { launchChromium } from '../support/chromium-browser.js';
import { CHART_PROBE, pixelProbe, TEXT_OVERFLOW_PROBE, type ChartCounts, type PixelStats, type TextOverflow } from '../support/chromium-probes.js';
import { INCIDENTS, seedAudit, seedWarehouse, WEEK_ENDING } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-report-html-'));
let htmlPath: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const warehouse = await openWarehouse(':memory:');
  await seedWarehouse(warehouse);
  const audit = openAuditStore(join(dir, 'audit.sqlite'));
  await seedAudit(audit);
  const data = await buildWeeklyReport({
    weekEnding: WEEK_ENDING,
    warehouse,
    audit,
    incidents: INCIDENTS,
    agentBudgetsUsd: { rightsizer: 2 },
    now: () => new Date('2025-03-10T06:00:00Z'),
  });
  warehouse.close();
  await audit.close();
  htmlPath = join(dir, 'weekly.html');
  writeFileSync(htmlPath, await renderHtml(data));
  chromium = await launchChromium();
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report in headless Chromium', () => {
  it('draws Vega charts that carry data, with no text outside its chart, and a screenshot that is not blank', async () => {
    const page = await chromium.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(htmlPath).href);

    const charts = (await page.evaluate(CHART_PROBE)) as ChartCounts;
    // team, service, env over weeks; top movers; the anomaly calendar; model spend
    expect(charts.svgs).toBe(6);
    expect(charts.bars).toBeGreaterThan(20);
    expect(charts.texts).toBeGreaterThan(100);

    // Laid out by Chromium with the fonts it has: every label, title and legend entry inside its SVG.
    const overflow = (await page.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[];
    expect(overflow).toEqual([]);
    // The same holds in a narrow window: the charts scroll, they are not squeezed into clipping.
    await page.setViewportSize({ width: 480, height: 1400 });
    expect((await page.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[]).toEqual([]);
    await page.setViewportSize({ width: 1100, height: 1400 });
    // The probe does see a clipped label: one drawn past the right edge of a small chart.
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<figure class="chart"><svg id="too-small" width="60" height="20"><text x="2" y="14" font-size="11">a label too long for its chart</text></svg></figure>')`,
    );
    expect(((await page.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[]).map((o) => [o.chart, o.text])).toEqual([
      ['too-small', 'a label too long for its chart'],
    ]);
    await page.evaluate(`document.getElementById('too-small').parentElement.remove()`);

    // Pixels: the PNG screenshot is decoded in the page itself to measure how much it varies.
    const png = await page.screenshot({ fullPage: true });
    if (process.env.TOLLGATE_TEST_ARTIFACTS) writeFileSync(join(process.env.TOLLGATE_TEST_ARTIFACTS, 'weekly-report.png'), png);
    // the first category colour #2f6fdf
    const pixels = (await page.evaluate(pixelProbe(png.toString('base64'), [0x2f, 0x6f, 0xdf]))) as PixelStats;
    expect(pixels.height).toBeGreaterThan(800);
    expect(pixels.variance).toBeGreaterThan(100); // a blank white page has variance 0
    expect(pixels.matching).toBeGreaterThan(2000); // the bars are actually painted
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
  }, 60_000);
});
