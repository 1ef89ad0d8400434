import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runtimeConfig } from '../../runtime/config.js';
import { checkSlackRouting } from '../../runtime/deps.js';
import { SlackApiServer } from '../support/slack-api.js';
import { REPO } from '../support/world.js';

const run = promisify(execFile);

/** Every team of the bundled sample estate (clouds/sandbox/fixtures/sample-estate.json) mapped to a channel. */
const ALL_TEAMS = { web: 'C_WEB', data: 'C_DATA', payments: 'C_PAY', api: 'C_API' };

function configWith(slack: Record<string, unknown>, budgets: unknown[] = []) {
  const home = mkdtempSync(join(tmpdir(), 'tollgate-slack-start-'));
  const policyPath = join(home, 'policy.yaml');
  writeFileSync(policyPath, JSON.stringify({ approvals: { slack }, budgets }));
  return { config: runtimeConfig({ TOLLGATE_HOME: home, TOLLGATE_POLICY: policyPath }), policyPath, home };
}

describe('the analysis worker checks Slack routing before it starts (SLACK_BOT_TOKEN set)', () => {
  const slack = new SlackApiServer();
  let apiUrl: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    apiUrl = await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
  });
  beforeEach(() => {
    slack.calls.length = 0;
    slack.failures = {};
    slack.scopes = [];
    slack.channels = {
      C_WEB: { is_member: true },
      C_DATA: { is_member: true },
      C_PAY: { is_member: true },
      C_API: { is_member: true },
      C_FINOPS: { is_member: true },
    };
    env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: apiUrl };
  });

  it('starts when every owner, team and budget has a channel that Slack accepts, after asking Slack about each', async () => {
    const { config } = configWith({ channels: ALL_TEAMS }, [{ name: 'web', amountUsd: 100, scope: { dimension: 'team', key: 'web' } }]);
    await expect(checkSlackRouting(config, env)).resolves.toBeUndefined();
    expect(slack.called('auth.test')).toHaveLength(1);
    expect(
      slack
        .called('conversations.info')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['C_API', 'C_DATA', 'C_PAY', 'C_WEB']);
  });

  it('refuses a team with no channel and no default, naming the team, its resources and the fields to set', async () => {
    const { config, policyPath } = configWith({ channels: { web: 'C_WEB', data: 'C_DATA', api: 'C_API' } });
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow(policyPath);
    await expect(refusal).rejects.toThrow(
      'no owner tag, team "payments" (resource i-0ledger0db0003) has no Slack channel: set approvals.slack.channels["payments"] or approvals.slack.defaultChannel in the policy',
    );
    await expect(refusal).rejects.toThrow(/unset SLACK_BOT_TOKEN to run without Slack/);
  });

  it('refuses a budget that would have no channel: a whole-bill budget needs the default channel', async () => {
    const { config } = configWith({ channels: ALL_TEAMS }, [{ name: 'everything', amountUsd: 1000 }]);
    await expect(checkSlackRouting(config, env)).rejects.toThrow(
      'no owner tag, no team tag (budget everything) has no Slack channel: set approvals.slack.defaultChannel in the policy',
    );
  });

  it('refuses a channel Slack does not know, an archived one, and one the app may not post to, each by its policy field', async () => {
    slack.channels = {
      C_WEB: { is_member: true },
      C_DATA: { is_archived: true, is_member: true },
      C_PAY: { is_member: false, is_private: true },
      C_API: { is_member: true },
    };
    const { config } = configWith({ channels: ALL_TEAMS, defaultChannel: 'C_TYPO' });
    const refusal = checkSlackRouting(config, env);
    await expect(refusal).rejects.toThrow('channel C_TYPO (approvals.slack.defaultChannel): conversations.info says channel_not_found');
    await expect(refusal).rejects.toThrow('channel C_DATA (approvals.slack.channels["data"]) is archived');
    await expect(refusal).rejects.toThrow('channel C_PAY (approvals.slack.channels["payments"]): the app is not a member; invite it');
  });

  it('accepts a public channel the app is not in when the token has chat:write.public', async () => {
    slack.channels = { ...slack.channels, C_PAY: { is_member: false } };
    slack.scopes = ['chat:write', 'chat:write.public', 'channels:read'];
    await expect(checkSlackRouting(configWith({ channels: ALL_TEAMS }).config, env)).resolves.toBeUndefined();
  });

  it('refuses a token Slack rejects', async () => {
    slack.failures = { 'auth.test': 'invalid_auth' };
    await expect(checkSlackRouting(configWith({ channels: ALL_TEAMS }).config, env)).rejects.toThrow(
      'SLACK_BOT_TOKEN is refused by Slack (auth.test: invalid_auth)',
    );
  });

  it('without a reachable Slack, still refuses what the policy alone shows, and otherwise starts', async () => {
    const closed = await closedPort();
    const offline = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: `http://127.0.0.1:${closed}/api/` };
    await expect(checkSlackRouting(configWith({ channels: ALL_TEAMS }).config, offline)).resolves.toBeUndefined();
    await expect(checkSlackRouting(configWith({ channels: { web: 'C_WEB' } }).config, offline)).rejects.toThrow(/team "data" .* has no Slack channel/);
  });

  it('checks nothing without a bot token', async () => {
    await expect(checkSlackRouting(configWith({}).config, {})).resolves.toBeUndefined();
    expect(slack.calls).toEqual([]);
  });

  it('`tollgate worker` exits with the fix before it connects to Temporal', async () => {
    const { home, policyPath } = configWith({ channels: { web: 'C_WEB' } });
    const worker = run(process.execPath, [`${REPO}/bin/tollgate.mjs`, 'worker', '--queue', 'analysis'], {
      cwd: REPO,
      // Nothing listens at this Temporal address: the refusal must come first.
      env: { ...process.env, ...env, TOLLGATE_HOME: home, TOLLGATE_POLICY: policyPath, TEMPORAL_ADDRESS: '127.0.0.1:1', TOLLGATE_LOG_LEVEL: 'silent' },
    });
    const failure = (await worker.then(() => undefined).catch((error: unknown) => error)) as { code: number; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/team "payments" \(resource i-0ledger0db0003\) has no Slack channel: set approvals\.slack\.channels\["payments"\]/);
    expect(failure?.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
  }, 60_000);
});

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
