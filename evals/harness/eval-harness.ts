import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import type { ActionDeps, AnalysisDeps } from '../../activities/deps.js';
import { createActionActivities } from '../../activities/execute-actions.js';
import { createOffHoursActivities } from '../../activities/execute-off-hours.js';
import { SqliteAuditStore } from '../../audit/index.js';
import { readOnlyView, type CloudProvider } from '../../clouds/provider.js';
import { ACTIONS_QUEUE, ANALYSIS_QUEUE } from '../../core/index.js';
import { WORKFLOWS_PATH } from '../../runtime/workers.js';
import { createEvalAnalysisActivities } from '../runner/eval-activities.js';
import type { ScenarioRun } from '../runner/scenario-run.js';
import { startDevServer } from './dev-server.js';
import { silentLogger } from './wait-for-state.js';

export interface HarnessOptions {
  /** Caps the analysis worker's sticky cache; evicted workflows replay from history on their next task. */
  maxCachedWorkflows?: number;
}

/**
 * One dev server and one worker per queue for many scenarios at once: each activity finds
 * its scenario's cloud, policy and model endpoint by the id of the workflow it runs for.
 */
export class EvalHarness {
  readonly routes = new Map<string, ScenarioRun>();
  readonly audit: SqliteAuditStore;
  private analysis?: { worker: Worker; running: Promise<void> };
  private actions?: { worker: Worker; running: Promise<void> };
  /** workflowId → called once the armed apply has changed the cloud. */
  private readonly killArmed = new Map<string, () => void>();

  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly workflowCode: { code: string },
    private readonly dir: string,
    private readonly options: HarnessOptions,
  ) {
    this.audit = new SqliteAuditStore(join(dir, 'audit.sqlite'));
  }

  static async start(options: HarnessOptions = {}): Promise<EvalHarness> {
    quietTemporalRuntime();
    const [env, workflowCode] = await Promise.all([startDevServer(), bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger() })]);
    const harness = new EvalHarness(env, workflowCode, mkdtempSync(join(tmpdir(), 'tollgate-eval-')), options);
    await harness.startAnalysisWorker();
    await harness.startActionsWorker();
    return harness;
  }

  get client() {
    return this.env.client;
  }

  /** The scenario whose workflow the running activity belongs to. */
  private current(): ScenarioRun {
    const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
    const run = this.routes.get(workflowId);
    if (!run) throw new Error(`eval harness: no scenario is bound to workflow ${workflowId}`);
    return run;
  }

  private async startAnalysisWorker(): Promise<void> {
    const current = () => this.current();
    const deps: AnalysisDeps = {
      readerFor: () => readOnlyView(current().cloud),
      audit: this.audit,
      get policy() {
        return current().policy;
      },
      get llm() {
        return current().llm;
      },
      clock: () => new Date().toISOString(),
      log: pino({ level: 'silent' }),
    };
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue: ANALYSIS_QUEUE,
      workflowBundle: this.workflowCode,
      ...(this.options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: this.options.maxCachedWorkflows }),
      activities: createEvalAnalysisActivities(deps, () => {
        const run = current();
        return { scenario: run.scenario, scratchDir: run.scratchDir };
      }),
    });
    this.analysis = { worker, running: worker.run() };
  }

  private async startActionsWorker(): Promise<void> {
    const current = () => this.current();
    const deps: ActionDeps = {
      providerFor: () => this.killableCloud(),
      audit: this.audit,
      get policy() {
        return current().policy;
      },
      clock: () => new Date().toISOString(),
      log: pino({ level: 'silent' }),
    };
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue: ACTIONS_QUEUE,
      activities: { ...createActionActivities(deps), ...createOffHoursActivities(deps) },
    });
    this.actions = { worker, running: worker.run() };
  }

  /**
   * The scenario's cloud; when a kill is armed for the workflow, its apply changes the cloud
   * and then hangs until the worker shuts down under it, as a killed process would.
   */
  private killableCloud(): CloudProvider {
    const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
    const cloud = this.current().cloud;
    const onApplied = this.killArmed.get(workflowId);
    if (!onApplied) return cloud;
    const killArmed = this.killArmed;
    return new Proxy(cloud, {
      get(target, prop) {
        if (prop === 'apply') {
          return async (...args: Parameters<CloudProvider['apply']>) => {
            const result = await target.apply(...args);
            if (killArmed.delete(workflowId)) {
              onApplied();
              await Context.current().cancelled;
            }
            return result;
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Arms a kill for one workflow; resolves once its apply has landed in the cloud. */
  armKillDuringApply(workflowId: string): Promise<void> {
    return new Promise((resolve) => this.killArmed.set(workflowId, resolve));
  }

  /** Shuts the actions worker down with an activity in flight, then starts a fresh one. */
  async replaceActionsWorker(): Promise<void> {
    const old = this.actions!;
    old.worker.shutdown();
    await old.running;
    await this.startActionsWorker();
  }

  async stop(): Promise<void> {
    for (const w of [this.analysis, this.actions]) w?.worker.shutdown();
    await Promise.allSettled([this.analysis?.running, this.actions?.running]);
    await this.audit.close();
    await this.env.teardown();
  }
}

/**
 * Worker state changes and core warnings go to the console by default; --json keeps stdout for
 * the report, so core logs are forwarded to a logger that keeps warnings and errors only.
 */
function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } } });
  } catch {
    // Already installed by this process (a test or an earlier run): keep it.
  }
}
