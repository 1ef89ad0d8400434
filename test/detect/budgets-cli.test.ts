import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../guardrails/index.js';
import { openWarehouse } from '../../warehouse/index.js';

const tollgate = (args: string[]) => execFileSync('node', ['bin/tollgate.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Status {
  name: string;
  periodStart: string;
  periodEnd: string;
  asOf: string;
  budgetUsd: number;
  spentUsd: number;
  projectedUsd: number;
  projectedPct: number;
  alerts: { id: string; thresholdPct: number; asOf: string; projectedUsd: number }[];
}

const POLICY = `
budgets:
  - { name: web, amountUsd: 2500, scope: { dimension: team, key: web } }
  - { name: data, amountUsd: 2000, scope: { dimension: team, key: data } }
  - { name: cc-1, amountUsd: 3000, scope: { dimension: tag, tagKey: cost-center, key: cc-1 } }
  - { name: payer, amountUsd: 1000, scope: { dimension: billingAccount, key: "111" } }
  - { name: everything, period: quarterly, amountUsd: 50000 }
`;

let dir: string;
let dbPath: string;
let policyPath: string;

/**
 * March 2025, 1st to 20th: team web $100/day (cost-center cc-1) and team data $40/day, both on
 * billing account 111; a February row of team ops on account 222 that only the quarterly budget counts.
 */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tollgate-budgets-'));
  dbPath = join(dir, 'warehouse.duckdb');
  policyPath = join(dir, 'policy.yaml');
  writeFileSync(policyPath, POLICY);
  const db = await openWarehouse(dbPath);
  const values: string[] = [];
  for (let d = 1; d <= 20; d++) {
    const day = `2025-03-${String(d).padStart(2, '0')}`;
    // web's day is split over two rows (an instance and its volume) to check the daily sum.
    values.push(`('${day} 00:00:00', 70, '111', 'Amazon EC2', '{"team":"web","cost-center":"cc-1"}', ${3 * d})`);
    values.push(`('${day} 00:00:00', 30, '111', 'Amazon EBS', '{"team":"web","cost-center":"cc-1"}', ${3 * d + 1})`);
    values.push(`('${day} 00:00:00', 40, '111', 'Amazon S3', '{"team":"data"}', ${3 * d + 2})`);
  }
  values.push(`('2025-02-27 00:00:00', 900, '222', 'Amazon EC2', '{"team":"ops"}', 0)`);
  await db.connection.run(
    `INSERT INTO focus_rows (ChargePeriodStart, EffectiveCost, BillingAccountId, ServiceName, x_tags, x_source_row, x_source_file, x_source_part, x_ingest_id, x_format)
     SELECT CAST(t AS TIMESTAMP), c, a, s, CAST(j AS JSON), r, 'budgets-test', 0, 'budgets-test', 'focus'
     FROM (VALUES ${values.join(', ')}) v(t, c, a, s, j, r)`,
  );
  db.close();
});

const run = (...extra: string[]) =>
  JSON.parse(tollgate(['detect', 'budgets', '--db', dbPath, '--policy', policyPath, '--json', ...extra])) as { asOf: string; budgets: Status[] };

describe('tollgate detect budgets', () => {
  it('projects month end from the warehouse and lists each threshold once, on the day a daily run would have sent it', () => {
    const out = run();
    expect(out.asOf).toBe('2025-03-20'); // the last day with charges
    const byName = new Map(out.budgets.map((b) => [b.name, b]));
    // web: $2,000 spent by the 20th + 11 days at the last week's $100/day = $3,100, 124 % of $2,500.
    expect(byName.get('web')).toMatchObject({ periodStart: '2025-03-01', periodEnd: '2025-03-31', spentUsd: 2000, projectedUsd: 3100, projectedPct: 124 });
    // Early in the month the week-long run rate still holds empty days before the 1st, so the projection climbs:
    // 3rd: 300 + 300/7 × 28 = 1,500 (60 %); 4th: 1,943 (77.7 %); 5th: 2,357 (94.3 %); 6th: 2,743 (109.7 %).
    expect(byName.get('web')!.alerts.map((a) => [a.thresholdPct, a.asOf])).toEqual([
      [50, '2025-03-03'],
      [75, '2025-03-04'],
      [90, '2025-03-05'],
      [100, '2025-03-06'],
    ]);
    expect(byName.get('web')!.alerts.map((a) => a.id)).toEqual([50, 75, 90, 100].map((pct) => `budget:web:2025-03-01:${pct}`));
    // data: 40 × 31 = $1,240, 62 % of $2,000: only the 50 % alert.
    expect(byName.get('data')).toMatchObject({ spentUsd: 800, projectedUsd: 1240, projectedPct: 62 });
    expect(byName.get('data')!.alerts.map((a) => a.thresholdPct)).toEqual([50]);
    // Any normalized tag: cost-center=cc-1 is web's spend, against $3,000 → 103.3 %.
    expect(byName.get('cc-1')).toMatchObject({ projectedUsd: 3100, projectedPct: 103.3 });
    // Same spend, bigger budget: each threshold is reached a little later (3rd: 1,500 = 50 % exactly counts).
    expect(byName.get('cc-1')!.alerts.map((a) => [a.thresholdPct, a.asOf])).toEqual([
      [50, '2025-03-03'],
      [75, '2025-03-05'],
      [90, '2025-03-06'],
      [100, '2025-03-07'],
    ]);
    // Billing account 111 carries both teams; February's account 222 is in no March budget.
    expect(byName.get('payer')).toMatchObject({ spentUsd: 2800, projectedUsd: 4340, projectedPct: 434 });
    expect(byName.get('payer')!.alerts.map((a) => [a.thresholdPct, a.asOf])).toEqual([
      [50, '2025-03-01'],
      [75, '2025-03-02'],
      [90, '2025-03-02'],
      [100, '2025-03-02'],
    ]);
    // The quarter: January to March, $900 of February included; 11 days left at $140/day.
    expect(byName.get('everything')).toMatchObject({ periodStart: '2025-01-01', periodEnd: '2025-03-31', spentUsd: 3700, projectedUsd: 5240, alerts: [] });
  });

  it('--as-of projects from an earlier day and shows only the alerts sent by then', () => {
    const web = run('--as-of', '2025-03-05').budgets.find((b) => b.name === 'web')!;
    expect(web).toMatchObject({ asOf: '2025-03-05', spentUsd: 500 });
    expect(web.alerts.map((a) => a.thresholdPct)).toEqual([50, 75, 90]);
    expect(() => run('--as-of', '5 March')).toThrow(/--as-of must be a day, YYYY-MM-DD/);
  });

  it('prints a table without --json', () => {
    const table = tollgate(['detect', 'budgets', '--db', dbPath, '--policy', policyPath]);
    expect(table.split('\n')[0]).toMatch(/^BUDGET\s+SCOPE\s+PERIOD\s+ASOF\s+SPENTUSD\s+PROJECTEDUSD\s+BUDGETUSD\s+PROJECTEDPCT\s+ALERTS$/);
    expect(table).toMatch(
      /web\s+team=web\s+2025-03-01\.\.2025-03-31\s+2025-03-20\s+2000\s+3100\s+2500\s+124\s+50% on 2025-03-03, 75% on 2025-03-04, 90% on 2025-03-05, 100% on 2025-03-06/,
    );
    expect(table).toMatch(/cc-1\s+cost-center=cc-1\s/);
  });

  it('refuses a tag scope without its tag key when the policy loads', () => {
    expect(() => parsePolicy('budgets:\n  - { name: x, amountUsd: 10, scope: { dimension: tag, key: cc-1 } }\n', 'p.yaml')).toThrow(
      /budgets\.0\.scope\.tagKey: a tag scope needs tagKey/,
    );
  });
});

describe('tollgate detect budgets on a bill in USD and EUR', () => {
  const MIXED_POLICY = `
budgets:
  - { name: all-of-it, amountUsd: 5000 }
  - { name: us-payer, amountUsd: 2000, scope: { dimension: billingAccount, key: "111" } }
  - { name: eu-payer, amountUsd: 2000, scope: { dimension: billingAccount, key: "333" } }
`;
  let mixedDb: string;
  let mixedPolicy: string;
  beforeAll(async () => {
    mixedDb = join(dir, 'mixed.duckdb');
    mixedPolicy = join(dir, 'mixed-policy.yaml');
    writeFileSync(mixedPolicy, MIXED_POLICY);
    const db = await openWarehouse(mixedDb);
    const values: string[] = [];
    for (let d = 1; d <= 10; d++) {
      const day = `2025-03-${String(d).padStart(2, '0')}`;
      values.push(`('${day} 00:00:00', 50, 'USD', '111', ${2 * d})`, `('${day} 00:00:00', 70, 'EUR', '333', ${2 * d + 1})`);
    }
    await db.connection.run(
      `INSERT INTO focus_rows (ChargePeriodStart, EffectiveCost, BillingCurrency, BillingAccountId, x_tags, x_source_row, x_source_file, x_source_part, x_ingest_id, x_format)
       SELECT CAST(t AS TIMESTAMP), c, cur, a, '{}', r, 'mixed-test', 0, 'mixed-test', 'focus' FROM (VALUES ${values.join(', ')}) v(t, c, cur, a, r)`,
    );
    db.close();
  });

  it('evaluates the USD budget, refuses each one whose scope holds EUR by name with the fix, and exits 1', () => {
    const result = spawnSync('node', ['bin/tollgate.mjs', 'detect', 'budgets', '--db', mixedDb, '--policy', mixedPolicy, '--json'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout) as { budgets: Status[]; refused: { name: string; reason: string }[] };
    // Only USD is added to a USD budget: 10 days at $50.
    expect(out.budgets.map((b) => [b.name, b.spentUsd])).toEqual([['us-payer', 500]]);
    expect(out.refused.map((r) => r.name)).toEqual(['all-of-it', 'eu-payer']);
    expect(out.refused[0]!.reason).toMatch(/^budget "all-of-it": budget scope total=all has costs in EUR \(billing account 333\): budget amounts are in USD/);
    expect(out.refused[1]!.reason).toMatch(/narrow the scope to accounts billed in USD .* or remove the budget/);
    expect(result.stderr).toContain('budget "eu-payer": budget scope billingAccount=333 has costs in EUR (billing account 333)');
  });
});
