/**
 * What users feel (issue #15): a CUR 2.0 file with a 25 % spike on one resource among five lands
 * in the watched bucket (moto's S3) → the Slack alert is posted (a loopback Slack), through the
 * billing landing poll Schedule firing on its own, landing, detection, enrichment (the replay LLM
 * server in script mode) and routing, on a real Temporal dev server and DuckDB. Ten landings, each
 * a restatement of the month with three more days; p95 from PutObject to chat.postMessage.
 * Anchor, same run: landing the final month alone in-process (list, download, join, ingest).
 * Not a test: `npm run bench:e2e` (BENCH_POLL_INTERVAL, default 5s).
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { pollBillingSources } from '../activities/billing-landing.js';
import { parseDuration, seededRandom } from '../core/index.js';
import { JiraClient } from '../activities/jira-client.js';
import { SlackNotifier } from '../approvals/slack/index.js';
import { SqliteAuditStore, WriterKey } from '../audit/index.js';
import { startReplayServer } from '../evals/replay-server.js';
import { scriptAuthor } from '../evals/script-author.js';
import { BillingSourceSchema } from '../runtime/billing-schema.js';
import { billingSourceReader } from '../runtime/billing-sources.js';
import { DEFAULT_TIMES, installSchedules } from '../runtime/schedules.js';
import { dataExportsDelivery, type DeliveredObject } from '../test/support/billing-exports.js';
import { cur2Bill, type Cur2Line, type Cur2Event } from '../test/support/cur2-bill.js';
import { JiraApiServer } from '../test/support/jira-api.js';
import { startLoop } from '../test/support/loop.js';
import { startMotoServer } from '../test/support/moto-server.js';
import { SlackApiServer } from '../test/support/slack-api.js';
import { TestWorld } from '../test/support/world.js';

const POLL_INTERVAL = process.env.BENCH_POLL_INTERVAL ?? '5s';
const LANDINGS = 10;
const BUCKET = 'payer-billing';
const LINES: Cur2Line[] = [
  { resource: 'i-0web0overprov01', service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 300 },
  { resource: 'i-0batch0worker02', service: 'Amazon Elastic Compute Cloud', team: 'data', dailyUsd: 400 },
  { resource: 'db-orders', service: 'Amazon Relational Database Service', team: 'payments', dailyUsd: 250 },
  { resource: 'bucket-logs', service: 'Amazon Simple Storage Service', team: 'data', dailyUsd: 120 },
  { resource: 'i-0api0prod00004', service: 'Amazon Elastic Compute Cloud', team: 'api', dailyUsd: 500 },
];

// The spikes rotate over the lines of $250 a day and more: 25 % of bucket-logs' $120 is below the policy's impact floor.
const SPIKED = ['i-0web0overprov01', 'i-0batch0worker02', 'db-orders', 'i-0api0prod00004'];

Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
const moto = await startMotoServer();
const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true });
await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
const replay = await startReplayServer({ cassetteDir: mkdtempSync(join(tmpdir(), 'tollgate-bench-cassettes-')), mode: 'script', author: scriptAuthor });
const slack = new SlackApiServer();
const jira = new JiraApiServer();
const world = new TestWorld(replay.baseUrl);
world.warehousePath = join(world.dir, 'warehouse.duckdb');
const source = () =>
  billingSourceReader(
    BillingSourceSchema.parse({ kind: 's3', name: 'payer', bucket: BUCKET, prefix: 'exports', endpoint: moto.endpoint, forcePathStyle: true }),
  );
const loop = await startLoop({ world, landing: { readers: [source()], warehousePath: world.warehousePath, cacheDir: join(world.dir, 'landing') } });
const [slackUrl, jiraUrl] = await Promise.all([slack.start(), jira.start()]);
jira.projects = { WEB: ['Bug'], DATA: ['Task'] };
world.policy = {
  ...world.policy,
  approvals: {
    ...world.policy.approvals,
    slack: { ...world.policy.approvals.slack, channels: { 'web-team@example.com': 'C-WEB-OWNERS', data: 'C-DATA', web: 'C-WEB' }, defaultChannel: 'C-FINOPS' },
  },
  anomalies: {
    ...world.policy.anomalies,
    feedbackTimeout: '1h',
    jira: { teams: { web: { project: 'WEB', issueType: 'Bug' }, data: { project: 'DATA', issueType: 'Task' } } },
  },
};
world.notifier = new SlackNotifier(new WebClient('xoxb-bench-token', { slackApiUrl: slackUrl }), world.policy.approvals.slack);
world.jira = new JiraClient({ baseUrl: jiraUrl, email: jira.email, apiToken: jira.apiToken });

const put = async (objects: readonly DeliveredObject[]) => {
  for (const o of objects) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.body }));
};
const posts = () => slack.called('chat.postMessage').length;
const landings = async () => (await world.audit.records({ step: 'land' })).length;
async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
function march(landing: number, events: Cur2Event[]): DeliveredObject[] {
  const records = cur2Bill({ start: '2025-03-01', days: 3 * (landing + 1), lines: LINES, events, seed: 100 }).get('2025-03')!;
  return dataExportsDelivery({
    bucket: BUCKET,
    prefix: 'exports',
    exportName: 'cur2',
    period: '2025-03',
    executionId: `exec-march-${landing}`,
    records,
    parts: 2,
  });
}

try {
  // History first (January and February, steady), landed and scanned before the clock starts.
  const history = cur2Bill({ start: '2025-01-01', days: 59, lines: LINES });
  for (const [period, records] of history)
    await put(dataExportsDelivery({ bucket: BUCKET, prefix: 'exports', exportName: 'cur2', period, executionId: `exec-${period}`, records, parts: 2 }));
  await installSchedules(loop.env.client, world.policy, DEFAULT_TIMES, { pollInterval: POLL_INTERVAL });
  await until('the history to land', async () => (await landings()) >= history.size);
  await new Promise((r) => setTimeout(r, 3000));
  const quietPosts = posts();

  const latencies: number[] = [];
  const jitter = seededRandom(15);
  const events: Cur2Event[] = [];
  for (let i = 0; i < LANDINGS; i++) {
    events.push({ resource: SPIKED[i % SPIKED.length]!, day: `2025-03-${String(3 * i + 1).padStart(2, '0')}`, factor: 1.25 });
    const delivery = march(i, events);
    // Files arrive whenever AWS writes them, not in step with the polls: a seeded pause first.
    await new Promise((r) => setTimeout(r, jitter() * parseDuration(POLL_INTERVAL)));
    const before = posts();
    const t0 = performance.now();
    await put(delivery);
    await until(`the alert of landing ${i + 1}`, () => posts() > before);
    latencies.push(performance.now() - t0);
    process.stderr.write(`landing ${i + 1}/${LANDINGS}: ${s(latencies.at(-1)!)} s\n`);
  }

  // Anchor: the final month landed alone, in-process, into a scratch warehouse (three times, median).
  const anchors: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-anchor-'));
    const t0 = performance.now();
    await pollBillingSources([source()], {
      warehousePath: join(dir, 'w.duckdb'),
      cacheDir: join(dir, 'cache'),
      tagAliases: world.policy.tags.aliases,
      audit: new SqliteAuditStore(join(dir, 'audit.sqlite'), { writer: WriterKey.generate() }),
      clock: () => new Date().toISOString(),
      landingId: `anchor-${i}`,
    });
    anchors.push(performance.now() - t0);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  const anchor = [...anchors].sort((a, b) => a - b)[1]!;
  process.stdout.write(
    `${JSON.stringify(
      {
        machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
        pollInterval: POLL_INTERVAL,
        landings: LANDINGS,
        postsFromSteadyHistory: quietPosts,
        secondsPutObjectToSlackPost: latencies.map(s),
        p50: s(sorted[Math.floor(sorted.length / 2)]!),
        p95: s(p95),
        anchorLandingAloneSeconds: s(anchor),
        ratioP95ToAnchor: Math.round((p95 / anchor) * 100) / 100,
        target: 'p95 under 60 s (issue #15)',
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await loop.stop();
  await replay.close();
  await slack.stop();
  await jira.stop();
  s3.destroy();
  await moto.stop();
}

function s(ms: number): number {
  return Math.round(ms) / 1000;
}
