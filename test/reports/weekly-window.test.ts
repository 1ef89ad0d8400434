import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildWeeklyReport,
  completedWeekWindow,
  consoleReportUrl,
  currentWeekWindow,
  renderHtml,
  renderMarkdown,
  reportWindow,
  slackSummary,
} from '../../reports/index.js';
import { DeploymentConfigSchema } from '../../runtime/deployment-schema.js';

const DAY_MS = 86_400_000;

describe('the weekly report window', () => {
  it('by default covers the seven days ending today, today included, and says so in the header', async () => {
    // A Thursday afternoon, by an injected clock: nothing here reads today's date.
    const now = new Date('2027-02-11T15:30:00Z');
    const data = await buildWeeklyReport({ now: () => now });
    expect(data.window).toMatchObject({ from: '2027-02-05T00:00:00.000Z', to: '2027-02-12T00:00:00.000Z', previousFrom: '2027-01-29T00:00:00.000Z' });
    expect(Date.parse(data.window.from)).toBeLessThanOrEqual(now.getTime());
    expect(Date.parse(data.window.to)).toBeGreaterThan(now.getTime());
    expect(data.generatedAt).toBe(now.toISOString());
    const sentence = '2027-02-05 to 2027-02-11: the seven days ending today (UTC), today included; today is not over';
    expect(data.window.description).toContain(sentence);
    expect(renderMarkdown(data)).toContain(`**Window:** ${sentence}`);
    expect(await renderHtml(data)).toContain(`<b>Window:</b> ${sentence}`);
    expect(slackSummary(data).text).toContain('Tollgate weekly report 2027-02-05 to 2027-02-11');
  });

  it('property: for any clock, the default window is seven whole UTC days that contain that instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (now) => {
        const w = currentWeekWindow(now);
        const [from, to] = [Date.parse(w.from), Date.parse(w.to)];
        expect(to - from).toBe(7 * DAY_MS);
        expect(from % DAY_MS).toBe(0);
        expect(from <= now.getTime() && now.getTime() < to).toBe(true);
        expect(w.description).toContain(`to ${now.toISOString().slice(0, 10)}: the seven days ending today`);
      }),
    );
  });

  it('a date asked for keeps its meaning: the seven days before it, stated as asked', () => {
    const w = reportWindow('2025-03-10');
    expect(w).toMatchObject({ from: '2025-03-03T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z' });
    expect(w.description).toBe('2025-03-03 to 2025-03-09: the seven days before 2025-03-10, as asked (--week-ending).');
    expect(() => reportWindow('next monday')).toThrow(/--week-ending: "next monday" is not a date; use YYYY-MM-DD/);
  });

  it("a Schedule's run covers the full week before the day it fires, and says why the run day is left out", () => {
    const w = completedWeekWindow('2027-02-15'); // a Monday
    expect(w).toMatchObject({ from: '2027-02-08T00:00:00.000Z', to: '2027-02-15T00:00:00.000Z' });
    expect(w.description).toBe(
      '2027-02-08 to 2027-02-14: the seven full days before the scheduled run on 2027-02-15; the run day itself is left out because its costs are not complete yet.',
    );
  });
});

describe('where the Slack summary says the report is', () => {
  const summary = async (where: Parameters<typeof slackSummary>[1]) =>
    JSON.stringify(slackSummary(await buildWeeklyReport({ weekEnding: '2025-03-10', now: () => new Date('2025-03-10T06:00:00Z') }), where).blocks);

  it("links the console's report page, under whatever path the console is served", async () => {
    const blocks = await summary({ consoleUrl: 'https://tollgate.example.com', file: '/srv/tollgate/reports/weekly-2025-03-09.html' });
    // The same week the summary describes, not the console's default week ending today.
    expect(blocks).toContain('<https://tollgate.example.com/reports/weekly?weekEnding=2025-03-10|Open the full report in the Tollgate console>');
    expect(blocks).not.toContain('/srv/tollgate');
    expect(consoleReportUrl('https://example.com/tollgate/?x=1#top')).toBe('https://example.com/tollgate/reports/weekly');
    expect(consoleReportUrl('https://example.com/tollgate/?x=1#top', '2025-03-10')).toBe('https://example.com/tollgate/reports/weekly?weekEnding=2025-03-10');
    expect(() => consoleReportUrl('file:///srv/tollgate')).toThrow(/expected http:\/\/ or https:\/\//);
  });

  it('without a console, says where the file is without dressing the path as a link', async () => {
    const blocks = await summary({ file: '/srv/tollgate/reports/weekly-2025-03-09.html' });
    expect(blocks).toContain('Full report written to `/srv/tollgate/reports/weekly-2025-03-09.html` on the host that ran it (not a link');
    expect(blocks).toContain('set `console.url` in tollgate.yaml or pass --console-url');
    expect(blocks).not.toMatch(/<[^>|]*\|/); // no Slack link markup
    expect(blocks).not.toContain('file://');
  });

  it('tollgate.yaml takes console.url as an http(s) address and refuses anything else by field', () => {
    const clouds = { sandbox: {} };
    expect(DeploymentConfigSchema.parse({ console: { url: 'https://tollgate.example.com' }, clouds }).console?.url).toBe('https://tollgate.example.com');
    const bad = DeploymentConfigSchema.safeParse({ console: { url: 'file:///srv/report.html' }, clouds });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['console', 'url'], message: expect.stringContaining('http(s) address') as string });
  });
});
