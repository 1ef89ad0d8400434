import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { checkSlackRouting } from '../../runtime/deps.js';
import { openWarehouse, queryRows } from '../../warehouse/index.js';
import { csvText } from '../support/billing-exports.js';
import { cur2Bill, type Cur2Line } from '../support/cur2-bill.js';
import { SlackApiServer } from '../support/slack-api.js';

/** Every team of the bundled sample estate (clouds/sandbox/fixtures/sample-estate.json) mapped to a channel. */
const ESTATE_TEAMS = { web: 'C_WEB', data: 'C_DATA', payments: 'C_PAY', api: 'C_API' };

/**
 * A real DuckDB warehouse with CUR 2.0 months ingested through the ingest path; `tags` overrides a
 * resource's `resource_tags` (as Data Exports write them: user_ marks user-defined tags).
 */
async function billIn(path: string, bills: { start: string; days: number; lines: Cur2Line[]; tags?: Record<string, Record<string, string>> }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bill-'));
  const db = await openWarehouse(path);
  try {
    for (const [b, bill] of bills.entries()) {
      for (const [period, records] of cur2Bill(bill)) {
        const header = records[0]!;
        const resourceAt = header.indexOf('line_item_resource_id');
        const tagsAt = header.indexOf('resource_tags');
        for (const row of records.slice(1)) {
          const tags = bill.tags?.[row[resourceAt]!];
          if (tags) row[tagsAt] = JSON.stringify(tags);
        }
        const file = join(dir, `bill-${b}-${period}.csv`);
        writeFileSync(file, csvText(records));
        await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
      }
    }
    const [account] = await queryRows(db, 'SELECT min(BillingAccountId) AS a FROM focus_rows');
    return String(account!.a);
  } finally {
    db.close();
  }
}

function configWith(policy: Record<string, unknown>) {
  const home = mkdtempSync(join(tmpdir(), 'tollgate-slack-bill-'));
  const policyPath = join(home, 'policy.yaml');
  writeFileSync(policyPath, JSON.stringify(policy));
  return { config: runtimeConfig({ TOLLGATE_HOME: home, TOLLGATE_POLICY: policyPath }), home, warehouse: join(home, 'warehouse.duckdb') };
}

const RECENT = { start: '2026-10-01', days: 59 }; // to 2026-11-28: the window is the 90 days up to it
const WINDOW = 'bill 2026-08-31..2026-11-28 (its last 90 days)';

describe('the Slack routing check at worker start reads who anomaly alerts go to: the bill and the Jira team map', () => {
  const slack = new SlackApiServer();
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: await slack.start() };
  });
  afterAll(async () => {
    await slack.stop();
  });
  beforeEach(() => {
    slack.calls.length = 0;
    slack.channels = undefined; // every channel exists and takes the bot's posts: only routing is under test
  });

  it('refuses a team that appears only in the bill, naming the value, a resource and account it was seen on, the window and the fix', async () => {
    const { config, warehouse } = configWith({ approvals: { slack: { channels: ESTATE_TEAMS } } });
    const account = await billIn(warehouse, [
      {
        ...RECENT,
        lines: [
          { resource: 'i-0web', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 },
          { resource: 'i-0ml', service: 'Amazon SageMaker', team: 'ml', dailyUsd: 90 },
        ],
      },
    ]);
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow(
      `no owner tag, team "ml" (${WINDOW}: resource i-0ml, account ${account}) has no Slack channel: set approvals.slack.channels["ml"] or approvals.slack.defaultChannel in the policy`,
    );
    await expect(refusal).rejects.not.toThrow(/team "web"/);

    // Routed, it starts: the bill's teams are the only thing that was missing.
    const routed = configWith({ approvals: { slack: { channels: { ...ESTATE_TEAMS, ml: 'C_ML' } } } });
    await billIn(routed.warehouse, [{ ...RECENT, lines: [{ resource: 'i-0ml', service: 'Amazon SageMaker', team: 'ml', dailyUsd: 90 }] }]);
    await expect(checkSlackRouting(routed.config, env)).resolves.toBeUndefined();
  });

  it('reads every variant of the owner and team keys (case, spacing, the policy aliases): any unrouted one fails closed', async () => {
    const { config, warehouse } = configWith({ approvals: { slack: { channels: ESTATE_TEAMS } } });
    await billIn(warehouse, [
      {
        ...RECENT,
        lines: [
          { resource: 'i-0split', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 },
          { resource: 'i-0alias', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 },
          { resource: 'i-0owned', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 },
          { resource: 'i-0lost', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 },
        ],
        tags: {
          // The warehouse's normalized tags keep one of these; the alert may go to either.
          'i-0split': { user_Team: 'web', user_team: 'search' },
          // `owner-team` is an alias of team in the default policy.
          'i-0alias': { 'user_owner-team': 'growth' },
          // An owner without a channel whose team has one: routed through the team, as approvals are.
          'i-0owned': { user_owner: 'carol', user_team: 'web' },
          'i-0lost': { user_Owner: 'dave', user_team: 'ml' },
        },
      },
    ]);
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow(`no owner tag, team "search" (${WINDOW}: resource i-0split`);
    await expect(refusal).rejects.toThrow(`no owner tag, team "growth" (${WINDOW}: resource i-0alias`);
    await expect(refusal).rejects.toThrow(`owner "dave", team "ml" (${WINDOW}: resource i-0lost, account `);
    await expect(refusal).rejects.toThrow('set approvals.slack.channels["dave"] or approvals.slack.channels["ml"] or approvals.slack.defaultChannel');
    await expect(refusal).rejects.not.toThrow(/carol/);
  });

  it("reads the recent window only: the 90 days up to the bill's last day, whatever today is", async () => {
    const { config, warehouse } = configWith({ approvals: { slack: { channels: ESTATE_TEAMS } } });
    const line = (resource: string, team: string): Cur2Line => ({ resource, service: 'Amazon Elastic Compute Cloud', team, dailyUsd: 40 });
    await billIn(warehouse, [
      { start: '2026-03-01', days: 10, lines: [line('i-0old', 'legacy')] },
      { start: '2026-08-30', days: 1, lines: [line('i-0before', 'before')] },
      { start: '2026-08-31', days: 1, lines: [line('i-0edge', 'edge')] },
      { ...RECENT, lines: [line('i-0web', 'web')] },
    ]);
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow(`team "edge" (${WINDOW}: resource i-0edge`);
    await expect(refusal).rejects.not.toThrow(/legacy|before/);
  });

  it('an untagged line of the bill can only be alerted to the default channel', async () => {
    const { config, warehouse } = configWith({ approvals: { slack: { channels: ESTATE_TEAMS } } });
    await billIn(warehouse, [
      {
        ...RECENT,
        lines: [{ resource: 'i-0bare', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 }],
        tags: { 'i-0bare': { user_env: 'prod' } },
      },
    ]);
    await expect(checkSlackRouting(config, env)).rejects.toThrow(`no owner tag, no team tag (${WINDOW}: resource i-0bare, account `);
    const withDefault = configWith({ approvals: { slack: { channels: ESTATE_TEAMS, defaultChannel: 'C_FINOPS' } } });
    await billIn(withDefault.warehouse, [
      {
        ...RECENT,
        lines: [{ resource: 'i-0bare', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 40 }],
        tags: { 'i-0bare': { user_env: 'prod' } },
      },
    ]);
    await expect(checkSlackRouting(withDefault.config, env)).resolves.toBeUndefined();
  });

  it('refuses a team the anomaly Jira map names but Slack cannot reach', async () => {
    const { config } = configWith({
      approvals: { slack: { channels: ESTATE_TEAMS } },
      anomalies: { jira: { teams: { web: { project: 'WEB' }, analytics: { project: 'AN' } } } },
    });
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow(
      'no owner tag, team "analytics" (anomalies.jira.teams["analytics"]) has no Slack channel: set approvals.slack.channels["analytics"] or approvals.slack.defaultChannel in the policy',
    );
    await expect(refusal).rejects.not.toThrow(/teams\["web"\]/);
  });

  it('a warehouse that does not exist yet is no error, and is not created by the check', async () => {
    const { config, warehouse } = configWith({ approvals: { slack: { channels: ESTATE_TEAMS } } });
    await expect(checkSlackRouting(config, env)).resolves.toBeUndefined();
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'tollgate-nodb-')), 'sub', 'w.duckdb');
    await expect(checkSlackRouting(config, { ...env, TOLLGATE_DB: elsewhere })).resolves.toBeUndefined();
    const { existsSync } = await import('node:fs');
    expect(existsSync(warehouse)).toBe(false);
    expect(existsSync(elsewhere)).toBe(false);
  });
});
