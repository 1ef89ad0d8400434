import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingPollResult } from '../../core/index.js';
import { silentLogger } from '../../evals/harness/wait-for-state.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { BILLING_LANDING_SCHEDULE, DEFAULT_TIMES, installSchedules } from '../../runtime/schedules.js';
import { createAnalysisWorker, WORKFLOWS_PATH } from '../../runtime/workers.js';
import { csvText, CUR2, readCsv } from '../support/billing-exports.js';
import { LandingWorld } from '../support/landing-world.js';
import { startDevServer } from '../support/temporal.js';
import { TestWorld } from '../support/world.js';

describe('the billing landing poll Schedule on a Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const world = new TestWorld('http://127.0.0.1:9'); // no agent runs in a landing
  const landing = new LandingWorld();
  const drop = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));

  beforeAll(async () => {
    const [server, workflowBundle] = await Promise.all([startDevServer(), bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger() })]);
    env = server;
    world.warehousePath = landing.warehousePath; // the anomaly scan a landing starts reads what landed
    writeFileSync(join(drop, 'cur2-2025-03.csv'), csvText(readCsv(CUR2)));
    const readers = [
      billingSourceReader(BillingSourceSchema.parse({ kind: 'folder', name: 'drop', path: drop })),
      billingSourceReader(BillingSourceSchema.parse({ kind: 'folder', name: 'unmounted', path: join(drop, 'not-mounted') })),
    ];
    worker = await createAnalysisWorker(
      { connection: env.nativeConnection, namespace: env.namespace ?? 'default' },
      { ...world.analysisDeps(), audit: landing.audit },
      {
        workflowBundle,
        landing: { readers, warehousePath: landing.warehousePath, cacheDir: join(landing.dir, 'cache') },
      },
    );
    running = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function triggeredRun(seen: number): Promise<BillingPollResult> {
    const handle = env.client.schedule.getHandle(BILLING_LANDING_SCHEDULE);
    await handle.trigger();
    let ids: string[] = [];
    for (let i = 0; i < 150 && ids.length <= seen; i++) {
      ids = (await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
      if (ids.length <= seen) await new Promise((r) => setTimeout(r, 200));
    }
    return (await env.client.workflow.getHandle(ids.at(-1)!).result()) as BillingPollResult;
  }

  it('is installed at the configured interval and starts billingLandingWorkflow', async () => {
    await installSchedules(env.client, world.policy, DEFAULT_TIMES, { pollInterval: '10m' });
    const described = await env.client.schedule.getHandle(BILLING_LANDING_SCHEDULE).describe();
    expect(described.spec.intervals?.[0]?.every).toBe(600_000);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'billingLandingWorkflow' });
  });

  it('a triggered poll lands the new file; the unreadable source is reported after retries, not fatal', async () => {
    const result = await triggeredRun(0);
    const drop = result.sources.find((s) => s.source === 'drop')!;
    expect(drop.landed).toEqual([expect.objectContaining({ kind: 'new', unit: expect.stringMatching(/cur2-2025-03\.csv$/) })]);
    const unmounted = result.sources.find((s) => s.source === 'unmounted')!;
    expect(unmounted.error).toMatch(/billing source unmounted \(.*not-mounted\) could not be read: .*no such file or folder/);
    // Something landed: the anomaly scan is started for it, named after the landing.
    expect(result.anomalyScan).toBe(`anomaly-scan-${result.landingId}`);
    const [record] = await landing.landRecords();
    expect(record).toMatchObject({ step: 'land', workflowId: result.landingId, actor: { kind: 'system' } });
  }, 60_000);

  it('polling again changes nothing: the same warehouse, no second landing record', async () => {
    const before = await landing.snapshot();
    const result = await triggeredRun(1);
    expect(result.sources.find((s) => s.source === 'drop')).toMatchObject({ landed: [], unchanged: 1 });
    expect(result.anomalyScan).toBeUndefined();
    expect(await landing.snapshot()).toEqual(before);
    expect(await landing.landRecords()).toHaveLength(1);
  }, 60_000);
});
