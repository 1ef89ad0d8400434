import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiraClient } from '../../activities/jira-client.js';
import { SlackNotifier } from '../../approvals/slack/index.js';
import type { BillingPollResult } from '../../core/index.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { BILLING_LANDING_SCHEDULE, DEFAULT_TIMES, installSchedules } from '../../runtime/schedules.js';
import { waitForAlert as waitForAlertOf } from '../support/anomaly-alert.js';
import { csvText, dataExportsDelivery, type DeliveredObject } from '../support/billing-exports.js';
import { cur2Bill, type Cur2Line } from '../support/cur2-bill.js';
import { JiraApiServer } from '../support/jira-api.js';
import { startLoop, type Loop } from '../support/loop.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { SlackApiServer } from '../support/slack-api.js';
import { TestWorld } from '../support/world.js';

/**
 * The anomaly loop in production, end to end on real components: a CUR 2.0 Data Export lands in
 * moto's S3 (real AWS SDK), the billing landing poll Schedule's run ingests it into DuckDB and
 * starts an anomaly scan, whose AnomalyWorkflow enriches the incident (real @langchain/openai
 * against the replay server in script mode) and alerts the owner in a loopback Slack and a
 * loopback Jira Cloud site.
 */

const LINES: Cur2Line[] = [
  // In the sandbox estate: owner web-team@example.com (a channel of its own), Team=web.
  { resource: 'i-0web0overprov01', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 300 },
  { resource: 'i-0batch0worker02', service: 'Amazon Elastic Compute Cloud', team: 'data', dailyUsd: 400 },
  { resource: 'db-orders', service: 'Amazon Relational Database Service', team: 'payments', dailyUsd: 250 },
  { resource: 'bucket-logs', service: 'Amazon Simple Storage Service', team: 'data', dailyUsd: 120 },
  { resource: 'i-0api0prod00004', service: 'Amazon Elastic Compute Cloud', team: 'api', dailyUsd: 500 },
];
const CHANNELS = { 'web-team@example.com': 'C-WEB-OWNERS', data: 'C-DATA', web: 'C-WEB' };
const BUCKET = 'payer-billing';

describe('a bill lands in S3 and the owner gets an explained alert in Slack and Jira', () => {
  let loop: Loop;
  let replay: RunningReplayServer;
  let moto: MotoServer;
  let s3: S3Client;
  const slack = new SlackApiServer();
  const jira = new JiraApiServer();
  let delivery: DeliveredObject[];
  let triggered = 0;

  const put = async (objects: readonly DeliveredObject[]) => {
    for (const o of objects) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.body }));
  };

  /** Triggers the Schedule and waits for that run's result. */
  async function poll(): Promise<BillingPollResult> {
    const handle = loop.env.client.schedule.getHandle(BILLING_LANDING_SCHEDULE);
    await handle.trigger();
    triggered += 1;
    let ids: string[] = [];
    for (let i = 0; i < 300 && ids.length < triggered; i++) {
      ids = (await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
      if (ids.length < triggered) await new Promise((r) => setTimeout(r, 100));
    }
    return (await loop.env.client.workflow.getHandle(ids.at(-1)!).result()) as BillingPollResult;
  }

  const waitForAlert = (workflowId: string) => waitForAlertOf(loop.env.client, workflowId);

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
    replay = await startReplayServer({
      cassetteDir: join(process.env.TMPDIR ?? '/tmp', `landing-e2e-cassettes-${process.pid}`),
      mode: 'script',
      author: scriptAuthor,
    });
    moto = await startMotoServer();
    s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const world = new TestWorld(replay.baseUrl);
    world.warehousePath = join(world.dir, 'warehouse.duckdb');
    const source = billingSourceReader(
      BillingSourceSchema.parse({ kind: 's3', name: 'payer', bucket: BUCKET, prefix: 'exports', endpoint: moto.endpoint, forcePathStyle: true }),
    );
    const [started, slackUrl, jiraUrl] = await Promise.all([
      startLoop({ world, landing: { readers: [source], warehousePath: world.warehousePath, cacheDir: join(world.dir, 'landing') } }),
      slack.start(),
      jira.start(),
    ]);
    loop = started;
    jira.projects = { WEB: ['Bug', 'Task'], DATA: ['Task'] };
    world.policy = {
      ...world.policy,
      approvals: { ...world.policy.approvals, slack: { ...world.policy.approvals.slack, channels: CHANNELS, defaultChannel: 'C-FINOPS' } },
      anomalies: {
        ...world.policy.anomalies,
        feedbackTimeout: '1h',
        jira: { teams: { web: { project: 'WEB', issueType: 'Bug' }, data: { project: 'DATA', issueType: 'Task' } } },
      },
    };
    world.notifier = new SlackNotifier(new WebClient('xoxb-test-token', { slackApiUrl: slackUrl }), world.policy.approvals.slack);
    world.jira = new JiraClient({ baseUrl: jiraUrl, email: jira.email, apiToken: jira.apiToken });
    await installSchedules(loop.env.client, world.policy, DEFAULT_TIMES, { pollInterval: '1h' });

    // Sixty days of a steady bill, then one day where one resource among five costs 25 % more.
    const periods = cur2Bill({ start: '2025-01-06', days: 60, lines: LINES, events: [{ resource: 'i-0web0overprov01', day: '2025-03-02', factor: 1.25 }] });
    delivery = [...periods].flatMap(([period, records]) =>
      dataExportsDelivery({ bucket: BUCKET, prefix: 'exports', exportName: 'cur2', period, executionId: `exec-${period}`, records, parts: 2 }),
    );
    expect(csvText(periods.get('2025-03')!)).toContain('i-0web0overprov01');
  }, 180_000);
  afterAll(async () => {
    await loop?.stop();
    await replay?.close();
    await slack.stop();
    await jira.stop();
    s3?.destroy();
    await moto?.stop();
  });

  it('one triggered poll lands the export and alerts the owner with the resource as root cause', async () => {
    await put(delivery);
    const landed = await poll();
    expect(landed.sources[0]!.failed).toEqual([]);
    expect(landed.sources[0]!.landed.map((l) => l.period)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(landed.anomalyScan).toBe(`anomaly-scan-${landed.landingId}`);

    const scan = (await loop.env.client.workflow.getHandle(landed.anomalyScan!).result()) as { incidents: number; started: string[] };
    expect(scan.started).toHaveLength(1);
    const view = await waitForAlert(scan.started[0]!);
    expect(view.incident.rootCause.resource).toBe('i-0web0overprov01');
    expect(view.incident.start).toBe('2025-03-02');
    expect(view.owners).toEqual(['web-team@example.com']);
    expect(view.delivery?.slack?.map((m) => m.channel)).toEqual(['C-WEB-OWNERS']);
    const post = JSON.stringify(slack.called('chat.postMessage').find((p) => p.args.channel === 'C-WEB-OWNERS')!.args);
    expect(post).toContain('resource=i-0web0overprov01');
    expect(view.delivery?.jira?.key).toBe('WEB-1');
    const issue = jira.issues.find((i) => i.key === 'WEB-1')!;
    expect(issue.fields.summary).toContain('i-0web0overprov01');
    expect(JSON.stringify(issue.fields.description)).toContain('resource=i-0web0overprov01');
  }, 120_000);

  it('landing the same files again changes nothing: no rows, no landing record, no post, no issue', async () => {
    const before = {
      posts: slack.called('chat.postMessage').length,
      issues: jira.issues.length,
      landings: (await loop.world.audit.records({ step: 'land' })).length,
    };
    await put(delivery); // the export rewritten with the same bytes
    const again = await poll();
    expect(again.sources[0]).toMatchObject({ landed: [], unchanged: 3, failed: [] });
    expect(again.anomalyScan).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1000));
    expect(slack.called('chat.postMessage').length).toBe(before.posts);
    expect(jira.issues.length).toBe(before.issues);
    expect((await loop.world.audit.records({ step: 'land' })).length).toBe(before.landings);
  }, 60_000);
});
