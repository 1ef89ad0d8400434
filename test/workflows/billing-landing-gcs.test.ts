import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Storage } from '@google-cloud/storage';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingPollResult } from '../../core/index.js';
import { ANALYSIS_QUEUE } from '../../core/workflow-contract.js';
import { silentLogger } from '../../evals/harness/wait-for-state.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { createAnalysisWorker, WORKFLOWS_PATH } from '../../runtime/workers.js';
import { csvText, readCsv } from '../support/billing-exports.js';
import { startGceMetadataServer, type GceMetadataServer } from '../support/gce-metadata-server.js';
import { startGcsEmulator, type GcsEmulator } from '../support/gcs-emulator.js';
import { LandingWorld } from '../support/landing-world.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { startDevServer } from '../support/temporal.js';
import { TestWorld } from '../support/world.js';

// The gcs source inside the durable landing: billingLandingWorkflow on a Temporal dev server, one
// landBillingSource activity per source on the analysis worker, gcp-storage-emulator behind a
// recording proxy, Application Default Credentials from a loopback metadata server.
const GCP_EXTRACT = resolve(process.cwd(), '../shared/data/gcp/koku_gcp_billing_export_202011.csv');

describe('billingLandingWorkflow with a gcs source', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let metadata: GceMetadataServer;
  let emulator: GcsEmulator;
  let proxy: RecordingProxy;
  const world = new TestWorld('http://127.0.0.1:9'); // no agent runs in a landing
  const landing = new LandingWorld();
  const savedEnv = { GOOGLE_APPLICATION_CREDENTIALS: process.env.GOOGLE_APPLICATION_CREDENTIALS, HOME: process.env.HOME };

  beforeAll(async () => {
    const [server, workflowBundle, md, gcs] = await Promise.all([
      startDevServer(),
      bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger() }),
      startGceMetadataServer(),
      startGcsEmulator(['acme-gcp-billing']),
    ]);
    [env, metadata, emulator] = [server, md, gcs];
    proxy = await startRecordingProxy(emulator.endpoint);
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    Object.assign(process.env, metadata.env, { HOME: mkdtempSync(join(tmpdir(), 'tollgate-gcs-home-')) });
    await new Storage({ apiEndpoint: emulator.endpoint })
      .bucket('acme-gcp-billing')
      .file('extracts/202011/gcp_billing_export-000000000000.csv')
      .save(csvText(readCsv(GCP_EXTRACT)), { resumable: false });
    world.warehousePath = landing.warehousePath; // the anomaly scan a landing starts reads what landed
    const gcsSource = (name: string, bucket: string) =>
      billingSourceReader(BillingSourceSchema.parse({ kind: 'gcs', name, bucket, prefix: 'extracts', apiEndpoint: proxy.endpoint }));
    worker = await createAnalysisWorker(
      { connection: env.nativeConnection, namespace: env.namespace ?? 'default' },
      { ...world.analysisDeps(), audit: landing.audit },
      {
        workflowBundle,
        landing: {
          readers: [gcsSource('gone', 'no-such-bucket'), gcsSource('gcp', 'acme-gcp-billing')],
          warehousePath: landing.warehousePath,
          cacheDir: join(landing.dir, 'cache'),
        },
      },
    );
    running = worker.run();
  }, 180_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await proxy?.stop();
    await emulator?.stop();
    await metadata?.stop();
    for (const key of Object.keys(metadata?.env ?? {})) delete process.env[key];
    for (const [key, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[key] = value;
  });

  const poll = (id: string) =>
    env.client.workflow.execute('billingLandingWorkflow', {
      taskQueue: ANALYSIS_QUEUE,
      workflowId: id,
      args: [{ trigger: 'test' }],
    }) as Promise<BillingPollResult>;
  const listings = (bucket: string) => proxy.requests.filter((r) => r.method === 'GET' && r.url.startsWith(`/storage/v1/b/${bucket}/o?`)).length;

  it('lands the month in its own activity; the missing bucket is retried three times, reported, and holds nothing back', async () => {
    const result = await poll('landing-gcs-1');
    const gcp = result.sources.find((s) => s.source === 'gcp')!;
    expect(gcp).toMatchObject({
      kind: 'gcs',
      failed: [],
      landed: [expect.objectContaining({ kind: 'new', unit: 'gs://acme-gcp-billing/extracts/invoice-month=2020-11' })],
    });
    const gone = result.sources.find((s) => s.source === 'gone')!;
    expect(gone.error).toMatch(/billing source gone \(gs:\/\/no-such-bucket\/extracts\) could not be read: bucket no-such-bucket does not exist/);
    // One listing per activity attempt: Temporal's retries, not the client's.
    expect(listings('no-such-bucket')).toBe(3);
    expect(result.anomalyScan).toBe(`anomaly-scan-${result.landingId}`);
    expect(await landing.landRecords()).toEqual([
      expect.objectContaining({ step: 'land', workflowId: 'landing-gcs-1', output: expect.objectContaining({ sourceKind: 'gcs', period: '2020-11' }) }),
    ]);
  }, 120_000);

  it('polling again downloads nothing and records nothing', async () => {
    const before = await landing.snapshot();
    const mark = proxy.requests.length;
    const result = await poll('landing-gcs-2');
    expect(result.sources.find((s) => s.source === 'gcp')).toMatchObject({ landed: [], unchanged: 1 });
    expect(result.anomalyScan).toBeUndefined();
    expect(proxy.requests.slice(mark).filter((r) => /[?&]alt=media/.test(r.url))).toEqual([]);
    expect(await landing.snapshot()).toEqual(before);
    expect(await landing.landRecords()).toHaveLength(1);
  }, 120_000);
});
