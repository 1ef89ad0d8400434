import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackNotifier } from '../../approvals/slack/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { analysisDeps } from '../../runtime/deps.js';
import { startRun } from '../../runtime/start-run.js';
import { parsePolicy } from '../../guardrails/index.js';
import { openWarehouse } from '../../warehouse/index.js';
import { startLoop, type Loop } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';
import { REPO, sampleEstate } from '../support/world.js';

/**
 * Team web spends $100 a day from 2025-03-01 to 03-20. Against a $4,000 budget the projection
 * reaches 58.9 % on the 5th and 77.5 % ($3,100) from the 7th on: 50 % and 75 % are crossed, 90 % never.
 */
async function webWarehouse(path: string, days: number, month = '2025-03'): Promise<void> {
  const db = await openWarehouse(path);
  const values = Array.from({ length: days }, (_, i) => `('${month}-${String(i + 1).padStart(2, '0')} 00:00:00', 100, ${i})`);
  await db.connection.run(
    `INSERT INTO focus_rows (ChargePeriodStart, EffectiveCost, BillingAccountId, ServiceName, x_tags, x_source_row, x_source_file, x_source_part, x_ingest_id, x_format)
     SELECT CAST(t AS TIMESTAMP), c, '111', 'Amazon EC2', CAST('{"team":"web"}' AS JSON), r, '${month}', 0, 'budget-alerts-test', 'focus'
     FROM (VALUES ${values.join(', ')}) v(t, c, r)`,
  );
  db.close();
}

const SAMPLE_POLICY = readFileSync(join(REPO, 'tollgate.policy.yaml'), 'utf8');
const withBudget = (name: string) =>
  parsePolicy(`${SAMPLE_POLICY}\nbudgets:\n  - { name: ${name}, amountUsd: 4000, scope: { dimension: team, key: web } }\n`, 'test policy');

describe('budget alerts in the daily optimization run', () => {
  let loop: Loop;
  let slackClient: WebClient;
  const slack = new SlackApiServer();
  let runs = 0;
  const dailyRun = (runId = `budget-run-${runs++}`) => startRun(loop.env.client, loop.world.policy, { runId, verifyWindow: '1s' });
  const budgetPosts = (name: string) => slack.called('chat.postMessage').filter((c) => String(c.args.text).startsWith(`Budget ${name}:`));

  beforeAll(async () => {
    const [started, url] = await Promise.all([startLoop(), slack.start()]);
    loop = started;
    slackClient = new WebClient('xoxb-test-token', { slackApiUrl: url });
    loop.world.warehousePath = join(loop.world.dir, 'warehouse.duckdb');
    await webWarehouse(loop.world.warehousePath, 20);
  });
  afterAll(async () => {
    await loop?.stop();
    await slack.stop();
  });
  beforeEach(() => {
    // No resources: the run has no findings, so the only Slack posts are budget alerts.
    loop.world.reset({ ...sampleEstate(), resources: [] });
    loop.world.notifier = new SlackNotifier(slackClient, { channels: { web: 'C-WEB' }, defaultChannel: 'C-FINOPS' });
    slack.failures = {};
  });

  it('a budget crossing 50 % and 75 % sends two alerts to the team channel; a retried run and a second run send none', async () => {
    loop.world.policy = withBudget('web');
    const first = await dailyRun('budget-run-retried');
    expect(first.budgetAlerts?.asOf).toBe('2025-03-20');
    expect(first.budgetAlerts?.alerts).toEqual([
      {
        id: 'budget:web:2025-03-01:50',
        budget: 'web',
        thresholdPct: 50,
        projectedPct: 58.9, // as on the day it was first reached
        delivery: { status: 'delivered', channel: 'C-WEB', ts: expect.any(String) },
      },
      {
        id: 'budget:web:2025-03-01:75',
        budget: 'web',
        thresholdPct: 75,
        projectedPct: 77.5,
        delivery: { status: 'delivered', channel: 'C-WEB', ts: expect.any(String) },
      },
    ]);
    const posts = budgetPosts('web');
    expect(posts.map((p) => p.args.channel)).toEqual(['C-WEB', 'C-WEB']);
    expect(JSON.stringify(posts[1]!.args)).toContain('$3,100.00');

    // The same run id again (a retried run), then another run the same day: nothing new.
    expect((await dailyRun('budget-run-retried')).budgetAlerts?.alerts).toEqual([]);
    expect((await dailyRun()).budgetAlerts?.alerts).toEqual([]);
    expect(budgetPosts('web')).toHaveLength(2);

    const records = (await loop.world.audit.records({ step: 'notify' })).filter((r) => r.findingId.startsWith('budget:web:'));
    expect(records.map((r) => [r.findingId, r.outcome])).toEqual([
      ['budget:web:2025-03-01:50', 'delivered to Slack C-WEB'],
      ['budget:web:2025-03-01:75', 'delivered to Slack C-WEB'],
    ]);
    expect((await loop.world.audit.verify()).ok).toBe(true);
  });

  it('a Slack failure is recorded as undelivered and the next run delivers it, once', async () => {
    loop.world.policy = withBudget('web-retry');
    slack.failures['chat.postMessage'] = 'channel_not_found';
    const failed = await dailyRun();
    expect(failed.budgetAlerts?.alerts.map((a) => [a.id, a.delivery.status])).toEqual([
      ['budget:web-retry:2025-03-01:50', 'undelivered'],
      ['budget:web-retry:2025-03-01:75', 'undelivered'],
    ]);
    expect(JSON.stringify(failed.budgetAlerts?.alerts[0]?.delivery)).toContain('channel_not_found');
    const undelivered = (await loop.world.audit.records({ step: 'notify' })).filter((r) => r.findingId.startsWith('budget:web-retry:'));
    expect(undelivered.map((r) => r.outcome)).toEqual([
      expect.stringMatching(/^undelivered: .*channel_not_found.*; the next run retries$/),
      expect.any(String),
    ]);

    slack.failures = {};
    const retried = await dailyRun();
    expect(retried.budgetAlerts?.alerts.map((a) => [a.id, a.delivery.status])).toEqual([
      ['budget:web-retry:2025-03-01:50', 'delivered'],
      ['budget:web-retry:2025-03-01:75', 'delivered'],
    ]);
    expect((await dailyRun()).budgetAlerts?.alerts).toEqual([]);
    // Two refused attempts, then two delivered messages.
    expect(budgetPosts('web-retry')).toHaveLength(4);
  });

  it('an alert that failed on the last run of its period is still delivered after the period ends', async () => {
    loop.world.policy = withBudget('web-late');
    slack.failures['chat.postMessage'] = 'ratelimited';
    expect((await dailyRun()).budgetAlerts?.alerts.map((a) => a.delivery.status)).toEqual(['undelivered', 'undelivered']);
    // April's first charges arrive; March is over and April's projection is still low.
    await webWarehouse(loop.world.warehousePath!, 1, '2025-04');
    try {
      slack.failures = {};
      const next = await dailyRun();
      expect(next.budgetAlerts?.asOf).toBe('2025-04-01');
      expect(next.budgetAlerts?.alerts.map((a) => [a.id, a.delivery.status])).toEqual([
        ['budget:web-late:2025-03-01:50', 'delivered'],
        ['budget:web-late:2025-03-01:75', 'delivered'],
      ]);
    } finally {
      const db = await openWarehouse(loop.world.warehousePath!);
      await db.connection.run(`DELETE FROM focus_rows WHERE x_source_file = '2025-04'`);
      db.close();
    }
  });

  it('without Slack the alert is recorded in the audit log and shown in the run result, once', async () => {
    loop.world.policy = withBudget('web-quiet');
    loop.world.notifier = undefined;
    const before = slack.calls.length;
    const run = await dailyRun();
    expect(run.budgetAlerts?.alerts.map((a) => [a.id, a.delivery])).toEqual([
      ['budget:web-quiet:2025-03-01:50', { status: 'recorded' }],
      ['budget:web-quiet:2025-03-01:75', { status: 'recorded' }],
    ]);
    const records = (await loop.world.audit.records({ step: 'notify' })).filter((r) => r.findingId.startsWith('budget:web-quiet:'));
    expect(records.map((r) => r.outcome)).toEqual(['recorded: no Slack configured', 'recorded: no Slack configured']);
    expect(records[0]!.workflowId).toBe(`budget-alerts:${run.runId}`);
    expect((await dailyRun()).budgetAlerts?.alerts).toEqual([]);
    expect(slack.calls.length).toBe(before);
  });

  it('no budgets or no warehouse: the run says why nothing was evaluated', async () => {
    expect((await dailyRun()).budgetAlerts).toEqual({ alerts: [], skipped: 'no budgets in the policy' });
    loop.world.policy = withBudget('web');
    const path = loop.world.warehousePath;
    loop.world.warehousePath = join(loop.world.dir, 'absent.duckdb');
    try {
      expect((await dailyRun()).budgetAlerts?.skipped).toMatch(/^no warehouse at .*absent\.duckdb$/);
    } finally {
      loop.world.warehousePath = path;
    }
  });

  it('the analysis worker refuses a policy with a malformed budget, naming the file and the field', () => {
    const home = mkdtempSync(join(loop.world.dir, 'home-'));
    const policyPath = join(home, 'policy.yaml');
    writeFileSync(policyPath, 'budgets:\n  - { name: web, amountUsd: 4000, alertAtPct: [50, -75] }\n');
    expect(() => analysisDeps(runtimeConfig({ TOLLGATE_HOME: home, TOLLGATE_POLICY: policyPath }), {})).toThrow(
      /policy\.yaml: invalid policy\n\s+budgets\.0\.alertAtPct\.1: .*-75/,
    );
  });
});
