import { join } from 'node:path';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { detectFindings } from '../../activities/detect-findings.js';
import { readOnlyView } from '../../clouds/provider.js';
import { ANALYSIS_QUEUE, type Finding, type FindingWorkflowInput } from '../../core/index.js';
import { SAMPLE_CASSETTES } from '../../evals/cassette-paths.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import type { LandingWorkerSettings } from '../../activities/landing-activities.js';
import { createActionsWorker, createAnalysisWorker, WORKFLOWS_PATH } from '../../runtime/workers.js';
import { silentLogger, waitForState } from '../../evals/harness/wait-for-state.js';
import type { DevServerEnvironment } from '../../evals/harness/dev-server.js';
import { startDevServer } from './temporal.js';
import { TestWorld } from './world.js';

/** A real dev server, the replay LLM server, and both workers over a swappable sandbox world. */
export interface Loop {
  env: DevServerEnvironment;
  replay: RunningReplayServer;
  world: TestWorld;
  workflowCode: { code: string };
  /** Where the weekly report activity writes; tests may point it elsewhere. */
  reports: { outDir: string; warehousePath: string };
  stop(): Promise<void>;
  /** Stops the workers, then kills the dev server (SIGKILL) instead of shutting it down. */
  crash(): Promise<void>;
}

/**
 * `dbFilename` keeps the server's state in a file; `world` carries the audit log and the cloud
 * over from an earlier loop, as a restarted server meets the same estate and log. `landing` gives
 * the analysis worker billing sources to poll.
 */
export async function startLoop(options: { uiPort?: number; dbFilename?: string; world?: TestWorld; landing?: LandingWorkerSettings } = {}): Promise<Loop> {
  const [env, replay, workflowCode] = await Promise.all([
    startDevServer({ ...(options.uiPort ? { uiPort: options.uiPort } : {}), ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}) }),
    startReplayServer({ cassetteDir: SAMPLE_CASSETTES, mode: 'replay' }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger() }),
  ]);
  const world = options.world ?? new TestWorld(replay.baseUrl);
  const target = { connection: env.nativeConnection, namespace: env.namespace ?? 'default' };
  const reports = { outDir: join(world.dir, 'reports'), warehousePath: join(world.dir, 'no-warehouse.duckdb') };
  const reportSettings = {
    get outDir() {
      return reports.outDir;
    },
    get warehousePath() {
      return reports.warehousePath;
    },
  };
  const workers: Worker[] = [
    await createAnalysisWorker(target, world.analysisDeps(), {
      workflowBundle: workflowCode,
      reports: reportSettings,
      ...(options.landing ? { landing: options.landing } : {}),
    }),
    await createActionsWorker(target, world.actionDeps()),
  ];
  const running = workers.map((w) => w.run());
  return {
    env,
    replay,
    world,
    workflowCode,
    reports,
    async stop() {
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
      await replay.close();
      await env.teardown();
    },
    async crash() {
      // Workers first, so no task is in flight; then the server dies without shutting down.
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
      await replay.close();
      await env.kill();
    },
  };
}

export async function findingFor(world: TestWorld, resourceId: string): Promise<Finding> {
  const findings = await detectFindings(readOnlyView(world.cloud), world.policy, new Date().toISOString());
  const finding = findings.find((f) => f.resourceId === resourceId);
  if (!finding) throw new Error(`no finding for ${resourceId}; found ${findings.map((f) => f.resourceId).join(', ')}`);
  return finding;
}

let counter = 0;
export async function startFinding(loop: Loop, finding: Finding, verifyWindowMs = 200) {
  const input: FindingWorkflowInput = { finding, verifyWindowMs, runId: `test-run-${process.pid}` };
  return loop.env.client.workflow.start('findingWorkflow', {
    workflowId: `test-${finding.resourceId}-${Date.now()}-${counter++}`,
    taskQueue: ANALYSIS_QUEUE,
    args: [input],
  });
}

/** Polls the `pending` Query until the workflow is in one of the given states. */
export const waitFor = waitForState;
