import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiraClient } from '../../activities/jira-client.js';
import { SlackNotifier } from '../../approvals/slack/index.js';
import { ANALYSIS_QUEUE, type AnomalyView, type Incident } from '../../core/index.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import type { Policy } from '../../guardrails/index.js';
import { anomalyFeedbackUpdate, anomalyQuery } from '../../workflows/anomaly-messages.js';
import { writeBill, type BillLine } from '../support/incident-warehouse.js';
import { JiraApiServer } from '../support/jira-api.js';
import { startLoop, type Loop } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';
import { TestWorld } from '../support/world.js';

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

  async function waitForAlert(workflowId: string, timeoutMs = 60_000): Promise<AnomalyView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await handle(workflowId)
        .query(anomalyQuery)
        .catch(() => undefined);
      if (view?.delivery) return view;
      if (Date.now() > deadline) throw new Error(`${workflowId} sent no alert in ${timeoutMs} ms; state ${view?.state ?? 'unknown'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    replay = await startReplayServer({
      cassetteDir: join(process.env.TMPDIR ?? '/tmp', `anomaly-cassettes-${process.pid}`),
      mode: 'script',
      author: (request) => (llm.garbage ? 'Sure! Here is the explanation you asked for, not in JSON.' : scriptAuthor(request)),
    });
    const world = new TestWorld(replay.baseUrl);
    const [started, slackUrl, jiraUrl] = await Promise.all([startLoop({ world }), slack.start(), jira.start()]);
    loop = started;
    jira.projects = { WEB: ['Bug', 'Task'], DATA: ['Task'] };
    world.policy = withAnomalyPolicy(world.policy);
    world.notifier = new SlackNotifier(new WebClient('xoxb-test-token', { slackApiUrl: slackUrl }), world.policy.approvals.slack);
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
    await loop?.stop();
    await replay?.close();
    await slack.stop();
    await jira.stop();
  });

  let web: AnomalyView;
  let data: AnomalyView;

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
});
