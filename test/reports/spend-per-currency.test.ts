import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeeklyReport, renderHtml, renderMarkdown, reportWindow, slackSummary, spendTrends, type WeeklyReportData } from '../../reports/index.js';
import { openWarehouse, queryRows, type Warehouse } from '../../warehouse/index.js';
import { WEEK_ENDING } from './fixtures.js';

/** One billed line: day offset from 2025-02-17 (0..20; the report week is 14..20), currency, team, service, cost in cents. */
type Line = [day: number, currency: 'USD' | 'EUR', team: string, service: string, cents: number];

async function load(db: Warehouse, lines: readonly Line[]): Promise<void> {
  await db.connection.run('DELETE FROM focus_rows');
  for (const [i, [day, currency, team, service, cents]] of lines.entries()) {
    const date = new Date(Date.UTC(2025, 1, 17 + day)).toISOString().slice(0, 10);
    await db.connection.run(
      `INSERT INTO focus_rows (ChargePeriodStart, BilledCost, EffectiveCost, BillingCurrency, ServiceName, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
       VALUES (CAST($1 AS TIMESTAMP), $2, $2, $3, $4, $5, 'two-currencies.csv', $6, 0, 'ing_currency', 'focus')`,
      [`${date} 00:00:00`, cents / 100, currency, service, JSON.stringify({ team, env: 'prod' }), i + 1],
    );
  }
}

/** An EU account billed in EUR beside a US one in USD; team payments is billed in both. */
const ESTATE: Line[] = [];
for (let day = 0; day < 21; day++) {
  const week = day >= 14;
  ESTATE.push([day, 'USD', 'payments', 'Amazon Elastic Compute Cloud', week ? 20_000 : 10_000]);
  ESTATE.push([day, 'USD', 'search', 'Amazon Simple Storage Service', 5_000]);
  ESTATE.push([day, 'EUR', 'payments', 'Virtual Machines', week ? 3_000 : 4_000]);
}

let db: Warehouse;
let data: WeeklyReportData;
beforeAll(async () => {
  db = await openWarehouse(':memory:');
  await load(db, ESTATE);
  data = await buildWeeklyReport({ weekEnding: WEEK_ENDING, warehouse: db, now: () => new Date('2025-03-10T06:00:00Z') });
});
afterAll(() => db?.close());

describe('the weekly report keeps each billing currency apart', () => {
  it('one spend trend per currency, each adding only its own rows', () => {
    const [eur, usd] = data.spendByCurrency!;
    expect([eur!.currency, usd!.currency]).toEqual(['EUR', 'USD']);
    expect(eur).toMatchObject({ currentTotal: 7 * 30, previousTotal: 7 * 40 });
    expect(usd).toMatchObject({ currentTotal: 7 * 250, previousTotal: 7 * 150 });
    // payments is billed in both: two rows, never one of 200 + 30 a day.
    expect(usd!.byTeam.find((r) => r.key === 'payments')).toEqual({ key: 'payments', current: 7 * 200, previous: 7 * 100 });
    expect(eur!.byTeam).toEqual([{ key: 'payments', current: 7 * 30, previous: 7 * 40 }]);
    expect(eur!.daily.every((d) => d.cost === 30 || d.cost === 40)).toBe(true);
    expect(usd!.daily.map((d) => d.cost)).toContain(250);
  });

  it('Markdown: a section per currency, every amount labelled with its code', () => {
    const markdown = renderMarkdown(data);
    expect(markdown).toContain('### Spend in EUR');
    expect(markdown).toContain('This week 210.00 EUR, last week 280.00 EUR (-25.0%).');
    expect(markdown).toContain('### Spend in USD');
    expect(markdown).toContain('This week 1,750.00 USD, last week 1,050.00 USD (+66.7%).');
    expect(markdown).toContain('| payments | 1,400.00 USD | 700.00 USD | +100.0% |');
    expect(markdown).toContain('| payments | 210.00 EUR | 280.00 EUR | -25.0% |');
    // The sum across currencies (1,960) appears nowhere.
    expect(markdown).not.toMatch(/1,960/);
  });

  it('HTML: a section and charts per currency, scaled and labelled in it', async () => {
    const html = await renderHtml(data);
    expect(html).toContain('<h3>Spend in EUR</h3>');
    expect(html).toContain('<h3>Spend in USD</h3>');
    expect(html).toContain('This week <b>1,750.00 USD</b>');
    // One chart of each kind per currency, each with its currency in the axis title.
    for (const currency of ['EUR', 'USD']) {
      for (const dimension of ['team', 'service', 'env']) expect(html).toContain(`id="chart-cost-by-${dimension}-${currency}"`);
      expect(html).toContain(`Cost (${currency})`);
      expect(html).toContain(`Change vs last week (${currency})`);
    }
    const eurChart = html.slice(html.indexOf('id="chart-cost-by-team-EUR"'), html.indexOf('</svg>', html.indexOf('id="chart-cost-by-team-EUR"')));
    expect(eurChart).not.toContain('USD');
    expect(html).not.toMatch(/1,960|\$1,750/);
  });

  it('Slack: each currency its own clause', () => {
    const { text, blocks } = slackSummary(data);
    expect(text).toContain('210.00 EUR spent (-25.0% vs last week); 1,750.00 USD spent (+66.7% vs last week)');
    expect(JSON.stringify(blocks)).toContain('*Spend*\\n210.00 EUR spent');
  });

  it('property: each currency’s totals, by key and by day, equal the sum of its own rows, to the cent', async () => {
    const line = fc.tuple(
      fc.integer({ min: 0, max: 20 }),
      fc.constantFrom('USD' as const, 'EUR' as const),
      fc.constantFrom('payments', 'search', ''),
      fc.constantFrom('EC2', 'S3'),
      fc.integer({ min: -5_000, max: 1_000_000 }),
    );
    const window = reportWindow(WEEK_ENDING);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }), async (lines) => {
        await load(db, lines);
        const trends = await spendTrends(db, window);
        expect(trends.map((t) => t.currency)).toEqual([...new Set(lines.map((l) => l[1]))].sort());
        const cents = (n: number) => Math.round(n * 100);
        for (const trend of trends) {
          const mine = lines.filter((l) => l[1] === trend.currency);
          const total = (days: (d: number) => boolean) => mine.filter((l) => days(l[0])).reduce((n, l) => n + l[4], 0);
          expect(cents(trend.currentTotal)).toBe(total((d) => d >= 14));
          expect(cents(trend.previousTotal)).toBe(total((d) => d >= 7 && d < 14));
          expect(cents(trend.byTeam.reduce((n, r) => n + r.current, 0))).toBe(total((d) => d >= 14));
          expect(cents(trend.byEnv.reduce((n, r) => n + r.previous, 0))).toBe(total((d) => d >= 7 && d < 14));
          expect(cents(trend.daily.reduce((n, d) => n + d.cost, 0))).toBe(total(() => true));
        }
      }),
      { numRuns: 30 },
    );
    const [left] = await queryRows(db, 'SELECT count(*) AS n FROM focus_rows');
    expect(Number(left?.n)).toBeGreaterThan(0);
  });
});
