import { WorkflowUpdateFailedError } from '@temporalio/client';
import { detectFindings } from '../../activities/detect-findings.js';
import { readOnlyView } from '../../clouds/provider.js';
import { ANALYSIS_QUEUE, type FindingWorkflowInput, type PendingView } from '../../core/index.js';
import { decideUpdate } from '../../workflows/messages.js';
import { evalKeyring } from './approver-keys.js';
import { EvalHarness } from '../harness/eval-harness.js';
import { waitForState } from '../harness/wait-for-state.js';
import { runAnomalyCase } from './anomaly-case.js';
import { hashFor } from './decisions.js';
import { approvalTimeline, modelUsageOf, mutationsOf, savingsCapturedUsd } from './measure.js';
import { emptyOutcome, failed, type ScenarioOutcome } from './outcome.js';
import type { Scenario } from './scenario.js';
import { openScenarioRun, type ModelOptions, type ScenarioRun } from './scenario-run.js';

const DECISION_POINTS = ['AwaitingApproval', 'Blocked', 'Executed', 'RolledBack', 'RollbackFailed', 'Aborted', 'Rejected', 'Expired'] as const;
const RESULT_TIMEOUT_MS = 90_000;

/**
 * The real FindingWorkflow on one Temporal dev server. Scenarios share the server and the
 * workers, up to `concurrency` at a time; one that kills the actions worker runs alone.
 */
export async function runFullMode(scenarios: readonly Scenario[], model: ModelOptions, concurrency: number): Promise<ScenarioOutcome[]> {
  const harness = await EvalHarness.start();
  try {
    const killsWorker = (s: Scenario) => s.events.some((e) => e.kind === 'killActionsWorkerDuringApply');
    const results = new Map<string, ScenarioOutcome>();
    await inPool(
      scenarios.filter((s) => !killsWorker(s)),
      concurrency,
      async (s) => results.set(s.id, await playScenario(harness, s, model)),
    );
    for (const s of scenarios.filter(killsWorker)) results.set(s.id, await playScenario(harness, s, model));
    return scenarios.map((s) => results.get(s.id)!);
  } finally {
    await harness.stop();
  }
}

async function playScenario(harness: EvalHarness, scenario: Scenario, model: ModelOptions): Promise<ScenarioOutcome> {
  const run = await openScenarioRun(scenario, model);
  try {
    if (scenario.kind === 'anomaly') return await runAnomalyCase(run, 'full');
    return await playRightsizing(harness, run);
  } catch (error) {
    return failed(run, 'full', error);
  } finally {
    await run.endpoint.close();
  }
}

async function playRightsizing(harness: EvalHarness, run: ScenarioRun): Promise<ScenarioOutcome> {
  const started = Date.now();
  const { scenario, cloud } = run;
  const base = emptyOutcome(run, 'full', started);
  const finding = (await detectFindings(readOnlyView(cloud), run.policy, new Date().toISOString()))[0];
  if (!finding) return { ...base, finalState: 'NoFinding', outcome: 'detect found nothing to change', durationMs: Date.now() - started };

  const workflowId = `eval-${scenario.id}-${started}`;
  harness.routes.set(workflowId, run);
  let killed: Promise<void> | undefined;
  for (const event of scenario.events) {
    if (event.kind === 'crashAfterApply') cloud.injectCrashAfterApply(1);
    if (event.kind === 'killActionsWorkerDuringApply') killed = harness.armKillDuringApply(workflowId).then(() => harness.replaceActionsWorker());
  }
  const input: FindingWorkflowInput = { finding, verifyWindowMs: scenario.verifyWindowMs, runId: `eval-${scenario.id}-${started}` };
  const handle = await harness.client.workflow.start('findingWorkflow', { workflowId, taskQueue: ANALYSIS_QUEUE, args: [input] });
  const first = await waitForState(handle, DECISION_POINTS);
  const decisionLatencyMs = Date.now() - started;

  let refused = 0;
  let unexpected = 0;
  if (first.state === 'AwaitingApproval') {
    for (const event of scenario.events.filter((e) => e.kind === 'changeOutOfBand')) cloud.changeOutOfBand(event.resourceId ?? finding.resourceId, event.sku!);
    for (const decision of scenario.decisions) {
      if (decision.afterMs) await new Promise((r) => setTimeout(r, decision.afterMs));
      const args = [
        evalKeyring.signed(workflowId, {
          proposalHash: hashFor(decision, first.proposalHash!),
          decision: decision.decision,
          approver: decision.by,
          reason: decision.reason,
        }),
      ] as const;
      const accepted = await handle.executeUpdate(decideUpdate, { args: [...args] }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowUpdateFailedError) return false;
          throw error;
        },
      );
      if (!accepted) refused += 1;
      if (accepted === decision.expectRefused) unexpected += 1;
    }
  }
  const final: PendingView = await withTimeout(handle.result() as Promise<PendingView>, RESULT_TIMEOUT_MS, `${workflowId} did not finish`);
  if (killed) await withTimeout(killed, 30_000, 'the actions worker was never replaced');
  const records = await harness.audit.records({ workflowId });
  harness.routes.delete(workflowId);
  return {
    ...base,
    ...modelUsageOf(records),
    ...approvalTimeline(records),
    finalState: final.state,
    outcome: final.outcome ?? '',
    proposed: first.state !== 'Blocked',
    ...(final.proposal ? { proposalSource: final.proposal.source } : {}),
    approvalsRequired: final.requirement?.required ?? 0,
    mutations: mutationsOf(run),
    savingsCapturedUsd: await savingsCapturedUsd(run),
    decisionLatencyMs,
    refusedDecisions: refused,
    unexpectedRefusals: unexpected,
    durationMs: Date.now() - started,
  };
}

async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(size, queue.length)) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
