import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiraClient } from '../../activities/jira-client.js';
import { SlackApprovals, SlackNotifier, temporalAnomalyGateway, temporalGateway } from '../../approvals/slack/index.js';
import { EstateSchema, type Estate } from '../../clouds/sandbox/estate.js';
import { ANALYSIS_QUEUE, type AnomalyView, type Incident } from '../../core/index.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import type { Policy } from '../../guardrails/index.js';
import { anomalyFeedbackUpdate, anomalyQuery } from '../../workflows/anomaly-messages.js';
import { pendingQuery } from '../../workflows/messages.js';
import { waitForAlert as waitForAlertOf } from '../support/anomaly-alert.js';
import { writeBill, type BillLine } from '../support/incident-warehouse.js';
import { JiraApiServer } from '../support/jira-api.js';
import { startLoop, type Loop } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';
import { postInteraction } from '../support/slack-signing.js';
import { REPO, sampleEstate, TestWorld } from '../support/world.js';

const run = promisify(execFile);
/** An alert that was enriched, posted and answered "planned": replayed against the current workflow code. */
const RECORDED_ALERT = join(REPO, 'test/fixtures/histories/anomaly-alert-planned.json');
const SECRET = 'anomaly-test-signing-secret';
const VOLUME = 'vol-0orphan000009';

/** The sample estate plus an unattached volume (an orphan: its remedy is a rule, delete after a snapshot). */
function estateWithOrphanVolume(): Estate {
  const estate = sampleEstate();
  estate.resources.push({
    provider: 'sandbox',
    account: '123456789012',
    region: 'us-east-1',
    lastChangedAt: '2026-09-01T00:00:00Z',
    id: VOLUME,
    kind: 'volume',
    name: 'old-build-cache',
    sku: 'gp3',
    state: 'available',
    tags: { team: 'data', env: 'dev' },
  } as unknown as Estate['resources'][number]);
  return EstateSchema.parse(estate);
}

/**
 * The anomaly loop on real components: a Temporal dev server, DuckDB, the real @langchain/openai
 * client against the replay server (script mode: Tollgate's script author answers, or garbage
 * when a test says so), the real Slack WebClient against a loopback Slack, and the Jira client
 * against a loopback Jira Cloud site.
 */

const LINES: BillLine[] = [
  // In the sandbox estate with owner web-team@example.com (a channel of its own) and Team=web.
  { resource: 'i-0web0overprov01', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 300 },
  // In the estate with owner data-eng@example.com (no channel of its own: the team's) and team=data.
  { resource: 'i-0batch0worker02', service: 'Amazon Elastic Compute Cloud', team: 'data', dailyUsd: 400 },
  { resource: 'db-orders', service: 'Amazon Relational Database Service', team: 'payments', dailyUsd: 250 },
  { resource: 'bucket-logs', service: 'Amazon Simple Storage Service', team: 'data', dailyUsd: 120 },
  { resource: 'i-0api0prod00004', service: 'Amazon Elastic Compute Cloud', team: 'api', dailyUsd: 500 },
];

const CHANNELS = { 'web-team@example.com': 'C-WEB-OWNERS', data: 'C-DATA', web: 'C-WEB' };

/** The validator's message of a refused Update (the client wraps it as the cause). */
async function refusal(update: Promise<unknown>): Promise<string> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  if (!error) throw new Error('the Update was accepted');
  return error.cause?.message ?? error.message;
}

function withAnomalyPolicy(policy: Policy, overrides: Partial<Policy['anomalies']> = {}): Policy {
  return {
    ...policy,
    approvals: { ...policy.approvals, slack: { ...policy.approvals.slack, channels: CHANNELS, defaultChannel: 'C-FINOPS' } },
    anomalies: {
      ...policy.anomalies,
      feedbackTimeout: '1h',
      jira: { teams: { web: { project: 'WEB', issueType: 'Bug' }, data: { project: 'DATA', issueType: 'Task' } } },
      ...overrides,
    },
  };
}

describe('AnomalyWorkflow: a bill with two incidents alerts each owner once, with the root cause', () => {
  let loop: Loop;
  let replay: RunningReplayServer;
  const slack = new SlackApiServer();
  const jira = new JiraApiServer();
  const llm = { garbage: false };
  let scans = 0;
  const runScan = () =>
    loop.env.client.workflow.execute('anomalyScanWorkflow', {
      workflowId: `anomaly-scan-test-${process.pid}-${scans++}`,
      taskQueue: ANALYSIS_QUEUE,
      args: [{ trigger: 'test' }],
    }) as Promise<{ incidents: number; started: string[] }>;
  const handle = (id: string) => loop.env.client.workflow.getHandle(id);
  const posts = () => slack.called('chat.postMessage');

  const waitForAlert = (workflowId: string) => waitForAlertOf(loop.env.client, workflowId);

  beforeAll(async () => {
    replay = await startReplayServer({
      cassetteDir: join(process.env.TMPDIR ?? '/tmp', `anomaly-cassettes-${process.pid}`),
      mode: 'script',
      author: (request) => (llm.garbage ? 'Sure! Here is the explanation you asked for, not in JSON.' : scriptAuthor(request)),
    });
    const world = new TestWorld(replay.baseUrl);
    const [started, slackApiUrl, jiraUrl] = await Promise.all([startLoop({ world }), slack.start(), jira.start()]);
    loop = started;
    slackUrl = slackApiUrl;
    jira.projects = { WEB: ['Bug', 'Task'], DATA: ['Task'] };
    world.policy = withAnomalyPolicy(world.policy);
    world.notifier = new SlackNotifier(new WebClient('xoxb-test-token', { slackApiUrl }), world.policy.approvals.slack);
    world.jira = new JiraClient({ baseUrl: jiraUrl, email: jira.email, apiToken: jira.apiToken });
    world.warehousePath = join(world.dir, 'warehouse.duckdb');
    await writeBill(world.warehousePath, {
      start: '2025-01-06',
      days: 60,
      lines: LINES,
      events: [
        { resource: 'i-0web0overprov01', fromDay: 50, days: 1, factor: 1.6 },
        { resource: 'i-0batch0worker02', fromDay: 55, days: 2, factor: 1.6 },
      ],
    });
  });
  afterAll(async () => {
    await slackApp?.stop();
    await loop?.stop();
    await replay?.close();
    await slack.stop();
    await jira.stop();
  });

  let web: AnomalyView;
  let data: AnomalyView;
  let apiAlert: AnomalyView;
  let slackApp: SlackApprovals | undefined;
  let slackUrl: string;

  it('starts one workflow per incident and alerts the owner in Slack and Jira, routed by owner and team tags', async () => {
    const scan = await runScan();
    expect(scan.incidents).toBe(2);
    expect(scan.started).toHaveLength(2);
    expect(scan.started.every((id) => /^anomaly-inc_[0-9a-f]{16}$/.test(id))).toBe(true);
    const views = await Promise.all(scan.started.map((id) => waitForAlert(id)));
    web = views.find((v) => v.incident.rootCause.resource === 'i-0web0overprov01')!;
    data = views.find((v) => v.incident.rootCause.resource === 'i-0batch0worker02')!;
    expect(web.state).toBe('AwaitingFeedback');
    expect(web.incident.start).toBe('2025-02-25');

    // Slack: the owner's own channel for web; data's owner has none, so its team's channel.
    expect(web.owners).toEqual(['web-team@example.com']);
    expect(web.delivery?.slack?.map((m) => m.channel)).toEqual(['C-WEB-OWNERS']);
    expect(data.delivery?.slack?.map((m) => m.channel)).toEqual(['C-DATA']);
    const webPost = JSON.stringify(posts().find((p) => p.args.channel === 'C-WEB-OWNERS')!.args);
    expect(webPost).toContain('resource=i-0web0overprov01');
    expect(webPost).toContain('tollgate_anomaly_planned');
    // The model's narrative (scripted answer over the incident's contributors) is in the post.
    expect(web.explanation?.source).toBe('llm');
    expect(webPost).toContain(web.explanation!.narrative.slice(0, 40).replace(/&/g, '&amp;'));

    // Jira: the team's project and issue type, root cause in the ADF description.
    expect(web.delivery?.jira?.key).toBe('WEB-1');
    expect(data.delivery?.jira?.key).toBe('DATA-1');
    const webIssue = jira.issues.find((i) => i.key === 'WEB-1')!;
    expect(webIssue.fields.issuetype.name).toBe('Bug');
    expect(JSON.stringify(webIssue.fields.description)).toContain('resource=i-0web0overprov01');
    expect(webIssue.fields.summary).toContain('i-0web0overprov01');
    expect(jira.issues.find((i) => i.key === 'DATA-1')!.fields.issuetype.name).toBe('Task');

    // The audit log: the model call and the alert, typed.
    const records = await loop.world.audit.records({ workflowId: web.workflowId });
    const enrich = records.filter((r) => r.step === 'enrich');
    expect(enrich.at(-1)?.promptId).toBe('anomaly-enrich');
    const alert = records.find((r) => r.step === 'notify');
    expect(alert?.step === 'notify' && alert.output.kind === 'anomaly-alert' && alert.output.jira?.key).toBe('WEB-1');
    // No credential reaches the log.
    expect(JSON.stringify(records)).not.toContain(jira.apiToken);
  });

  it('a second scan over the same data starts nothing and posts nothing', async () => {
    const before = { posts: posts().length, issues: jira.issues.length };
    const again = await runScan();
    expect(again).toEqual({ incidents: 2, started: [] });
    expect(posts().length).toBe(before.posts);
    expect(jira.issues.length).toBe(before.issues);
  });

  it('feedback "planned" is recorded in the audit log, updates the alert, and suppresses a repeat of the same root cause', async () => {
    expect(await refusal(handle(web.workflowId).executeUpdate(anomalyFeedbackUpdate, { args: [{ verdict: 'maybe' as never, by: 'ana' }] }))).toMatch(
      /verdict must be one of expected, unexpected, planned/,
    );
    const answered = await handle(web.workflowId).executeUpdate(anomalyFeedbackUpdate, { args: [{ verdict: 'planned', by: 'ana', note: 'load test' }] });
    expect(answered.feedback).toMatchObject({ verdict: 'planned', by: 'ana', note: 'load test' });
    const final = (await handle(web.workflowId).result()) as AnomalyView;
    expect(final.state).toBe('Planned');
    expect(await refusal(handle(web.workflowId).executeUpdate(anomalyFeedbackUpdate, { args: [{ verdict: 'expected', by: 'bo' }] }))).toBeTruthy();

    const feedback = (await loop.world.audit.records({ step: 'feedback' })).filter((r) => r.workflowId === web.workflowId);
    expect(feedback).toHaveLength(1);
    expect(feedback[0]!.step === 'feedback' && feedback[0]!.output).toMatchObject({ verdict: 'planned', by: 'ana', incidentId: web.incidentId });
    expect(feedback[0]!.actor).toEqual({ kind: 'human', id: 'ana' });
    const updated = slack.called('chat.update').filter((c) => c.args.channel === 'C-WEB-OWNERS');
    expect(JSON.stringify(updated.at(-1)?.args)).toContain('planned by ana');

    // Ten more days: the same resource spikes again (suppressed), and another one moves (alerted).
    await writeBill(loop.world.warehousePath!, {
      start: '2025-03-07',
      days: 10,
      seed: 11,
      lines: LINES,
      events: [
        { resource: 'i-0web0overprov01', fromDay: 5, days: 1, factor: 1.7 },
        { resource: 'i-0api0prod00004', fromDay: 7, days: 1, factor: 1.6 },
      ],
    });
    const before = posts().length;
    const scan = await runScan();
    expect(scan.started).toHaveLength(1);
    const api = await waitForAlert(scan.started[0]!);
    apiAlert = api;
    expect(api.incident.rootCause.resource).toBe('i-0api0prod00004');
    expect(posts().length).toBe(before + 1);
    const record = (await loop.world.audit.records({ step: 'detect' })).at(-1);
    const suppressed = record?.step === 'detect' ? (record.output as { suppressed?: { incidentId: string; verdict: string }[] }).suppressed : undefined;
    expect(suppressed).toEqual([expect.objectContaining({ verdict: 'planned' })]);
  });

  it('an unparseable model answer still sends the alert with the deterministic facts, saying the explanation failed', async () => {
    llm.garbage = true;
    try {
      const incident: Incident = { ...data.incident, id: 'inc_00000000000000aa' };
      const id = 'anomaly-test-unparseable';
      await loop.env.client.workflow.start('anomalyWorkflow', { workflowId: id, taskQueue: ANALYSIS_QUEUE, args: [{ incident, trigger: 'test' }] });
      const view = await waitForAlert(id);
      expect(view.explanation?.source).toBe('fallback');
      expect(view.explanation?.failure).toBeTruthy();
      const post = JSON.stringify(posts().at(-1)!.args);
      expect(post).toContain('The explanation failed');
      expect(post).toContain('resource=i-0batch0worker02');
      const issue = jira.issues.at(-1)!;
      expect(JSON.stringify(issue.fields.description)).toContain('The explanation failed');
      const enrich = (await loop.world.audit.records({ workflowId: id, step: 'enrich' })).at(-1);
      expect(enrich?.outcome).toMatch(/^explanation failed/);
      await handle(id).terminate('test done');
    } finally {
      llm.garbage = false;
    }
  });

  it('a Jira refusal is recorded with its field errors and Slack still carries the alert; no feedback by the timeout closes it', async () => {
    loop.world.policy = withAnomalyPolicy(loop.world.policy, { feedbackTimeout: '2s', jira: { teams: { data: { project: 'NOPE', issueType: 'Task' } } } });
    try {
      const incident: Incident = { ...data.incident, id: 'inc_00000000000000bb' };
      const id = 'anomaly-test-jira-refused';
      const started = await loop.env.client.workflow.start('anomalyWorkflow', {
        workflowId: id,
        taskQueue: ANALYSIS_QUEUE,
        args: [{ incident, trigger: 'test' }],
      });
      const view = await waitForAlert(id);
      expect(view.delivery?.slack?.map((m) => m.channel)).toEqual(['C-DATA']);
      expect(view.delivery?.jira).toBeUndefined();
      expect(view.delivery?.failures?.[0]).toMatch(/^jira: Jira refused the issue in project NOPE \(HTTP 400\): project: valid project is required/);
      const final = (await started.result()) as AnomalyView;
      expect(final.state).toBe('NoFeedback');
    } finally {
      loop.world.policy = withAnomalyPolicy(loop.world.policy, { feedbackTimeout: '1h' });
    }
  });

  it("a Slack button click, verified by its signature, records the owner's verdict; a forged click records nothing", async () => {
    slackApp = new SlackApprovals({
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      slackApiUrl: slackUrl,
      policy: { ...loop.world.policy.approvals.slack, approvers: { U_DATA_LEAD: 'dana@example.com' } },
      gateway: temporalGateway(loop.env.client),
      anomalies: temporalAnomalyGateway(loop.env.client),
    });
    const server = await slackApp.start(0);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const message = data.delivery!.slack![0]!;
    const click = (verdict: string) => ({
      type: 'block_actions',
      user: { id: 'U_DATA_LEAD', username: 'dana', name: 'dana', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      team: { id: 'T0001', domain: 'example' },
      trigger_id: 'trigger-1',
      channel: { id: message.channel, name: 'data' },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
      message: { ts: message.ts, type: 'message', text: 'Cost anomaly' },
      actions: [
        {
          type: 'button',
          action_id: `tollgate_anomaly_${verdict}`,
          block_id: 'tollgate_anomaly_feedback',
          value: JSON.stringify({ workflowId: data.workflowId, verdict }),
          action_ts: '1',
        },
      ],
    });
    const forged = await postInteraction(url, click('unexpected'), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect((await handle(data.workflowId).query(anomalyQuery)).feedback).toBeUndefined();

    const clicked = await postInteraction(url, click('expected'), { secret: SECRET });
    expect(clicked.status).toBe(200);
    const final = (await handle(data.workflowId).result()) as AnomalyView;
    expect(final.state).toBe('Expected');
    expect(final.feedback).toMatchObject({ verdict: 'expected', by: 'dana@example.com' });
    const recorded = await loop.world.audit.records({ workflowId: data.workflowId, step: 'feedback' });
    expect(recorded.map((r) => r.actor.id)).toEqual(['dana@example.com']);
  });

  it('tollgate anomalies list, show and feedback read and write through Temporal, with clear errors', async () => {
    const address = (loop.env.client.connection as unknown as { options: { address: string } }).options.address;
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TOLLGATE_HOME: loop.world.dir, TOLLGATE_LOG_LEVEL: 'silent' };
    const tollgate = (...args: string[]) => run(process.execPath, [`${REPO}/bin/tollgate.mjs`, ...args], { env, cwd: REPO });
    const failure = (args: string[]) =>
      tollgate(...args).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );

    // Visibility is eventually consistent: poll until the waiting alert is listed.
    let listed: { anomalies: { workflowId: string; state: string; severity: string; owner: string }[] } = { anomalies: [] };
    for (let i = 0; i < 40 && !listed.anomalies.some((a) => a.workflowId === apiAlert.workflowId); i++) {
      listed = JSON.parse((await tollgate('anomalies', 'list', '--json')).stdout) as typeof listed;
      if (!listed.anomalies.some((a) => a.workflowId === apiAlert.workflowId)) await new Promise((r) => setTimeout(r, 250));
    }
    const row = listed.anomalies.find((a) => a.workflowId === apiAlert.workflowId);
    expect(row).toMatchObject({ state: 'AwaitingFeedback', severity: apiAlert.incident.severity, owner: 'api-oncall@example.com' });
    expect(listed.anomalies.some((a) => a.workflowId === web.workflowId)).toBe(false); // finished: only with --all

    const shown = (await tollgate('anomalies', 'show', apiAlert.incidentId)).stdout;
    expect(shown).toContain(`${apiAlert.workflowId}  [AwaitingFeedback]`);
    expect(shown).toContain('root cause: ');
    expect(shown).toContain('resource=i-0api0prod00004');

    const given = await tollgate('anomalies', 'feedback', apiAlert.workflowId, 'unexpected', '--note', 'nobody scaled this', '--as', 'oncall');
    expect(given.stdout).toContain(`recorded unexpected by oncall on ${apiAlert.workflowId}`);
    expect(((await handle(apiAlert.workflowId).result()) as AnomalyView).state).toBe('Unexpected');

    const unknown = await failure(['anomalies', 'show', 'inc_ffffffffffffffff']);
    expect(unknown?.code).toBe(1);
    expect(unknown?.stderr).toContain('no anomaly alert anomaly-inc_ffffffffffffffff');
    const finished = await failure(['anomalies', 'feedback', web.workflowId, 'expected']);
    expect(finished?.stderr).toContain(`${web.workflowId} is finished (Planned): it takes no more feedback`);
    const finishedShown = JSON.parse((await tollgate('anomalies', 'show', web.workflowId, '--json')).stdout) as AnomalyView;
    expect(finishedShown.feedback?.verdict).toBe('planned');
  }, 120_000);

  it('hands a root-cause resource with a remediation rule to its FindingWorkflow', async () => {
    loop.world.reset(estateWithOrphanVolume());
    loop.world.policy = withAnomalyPolicy({ ...loop.world.policy, execution: { ...loop.world.policy.execution, allowedActions: ['resize', 'delete-volume'] } });
    const incident: Incident = {
      ...data.incident,
      id: 'inc_00000000000000cc',
      rootCause: { provider: 'AWS', service: 'Amazon Elastic Block Store', team: 'data', resource: VOLUME },
    };
    const id = 'anomaly-test-remediation';
    await loop.env.client.workflow.start('anomalyWorkflow', { workflowId: id, taskQueue: ANALYSIS_QUEUE, args: [{ incident, trigger: 'test' }] });
    const view = await waitForAlert(id);
    let remediation = view.remediation;
    for (let i = 0; i < 50 && !remediation; i++) {
      await new Promise((r) => setTimeout(r, 100));
      remediation = (await handle(id).query(anomalyQuery)).remediation;
    }
    expect(remediation).toEqual({ workflowId: `${id}-remediation`, findingKind: 'orphan-volume' });
    let pending;
    for (let i = 0; i < 100 && pending?.state !== 'AwaitingApproval'; i++) {
      pending = await handle(`${id}-remediation`)
        .query(pendingQuery)
        .catch(() => undefined);
      if (pending?.state !== 'AwaitingApproval') await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending?.state).toBe('AwaitingApproval');
    expect(pending?.proposal?.action).toMatchObject({ type: 'delete-volume', resourceId: VOLUME });
    await handle(id).terminate('test done');
  });

  it('replays the history of an answered alert, fresh and as committed', async () => {
    const fresh = await handle(web.workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, fresh, web.workflowId)).resolves.toBeUndefined();
    // Refreshed only on request: it stands for alerts already in flight when the workflow changes.
    if (process.env.UPDATE_HISTORIES === '1' || !existsSync(RECORDED_ALERT)) writeFileSync(RECORDED_ALERT, `${historyToJSON(fresh)}\n`);
    const committed = historyFromJSON(JSON.parse(readFileSync(RECORDED_ALERT, 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, committed, 'anomaly-recorded')).resolves.toBeUndefined();
  });
});
