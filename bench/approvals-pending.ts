/**
 * N approvals pending on one worker (default 10,000; BENCH_APPROVALS=1000 to scale down): the
 * process's memory once every FindingWorkflow waits in AwaitingApproval, and approve → execute
 * latency p95 over a sample (BENCH_SAMPLE, default 100). Anchor, same server and run: a plain
 * `decide` Update round trip that the validator refuses (stale hash), so nothing else happens.
 * Not a test: `npm run bench:approvals`.
 */
import { cpus, totalmem } from 'node:os';
import { detectFindings } from '../activities/detect-findings.js';
import { LlmConfigSchema } from '../agents/index.js';
import { readOnlyView } from '../clouds/provider.js';
import { ANALYSIS_QUEUE, type FindingWorkflowInput, type PendingView } from '../core/index.js';
import { EvalHarness } from '../evals/harness/eval-harness.js';
import { waitForState } from '../evals/harness/wait-for-state.js';
import { decideUpdate, pendingQuery } from '../workflows/messages.js';
import { openCopiesWorld } from './approvals-world.js';

const total = Number(process.env.BENCH_APPROVALS ?? 10_000);
const sampleSize = Math.min(total, Number(process.env.BENCH_SAMPLE ?? 100));
const batch = Number(process.env.BENCH_BATCH ?? 100);
const APPROVER = 'approver@example.com';
// A worker holding thousands of waiting workflows keeps only this many resident; the rest replay when an Update arrives.
const maxCachedWorkflows = Number(process.env.BENCH_CACHE ?? 500);

const harness = await EvalHarness.start({ maxCachedWorkflows });
const run = await openCopiesWorld(total, { execution: { maxActionsPerRun: total + 1, maxMonthlyUsdChangedPerRun: 1e9 } });
// The lightweight path by default: agents on their deterministic templates (no model call);
// BENCH_MODEL=scripted sends every analysis through the scripted replay server instead.
const model = process.env.BENCH_MODEL === 'scripted' ? 'scripted replay server' : 'deterministic templates (provider none)';
if (process.env.BENCH_MODEL !== 'scripted') run.llm = LlmConfigSchema.parse({ provider: 'none' });
(globalThis as { gc?: () => void }).gc?.();
const idle = process.memoryUsage();
try {
  const findings = await detectFindings(readOnlyView(run.cloud), run.policy, new Date().toISOString());
  const started = Date.now();
  const ids = findings.map((_, i) => `bench-approval-${i}`);
  // Started in batches, each waiting until everything started so far is pending: two cores
  // host the server and both workers, and an unbounded backlog starves workflow tasks.
  const pendingCount = async () => (await harness.client.workflow.count(`TollgateState = "AwaitingApproval"`)).count;
  for (let from = 0; from < ids.length; from += batch) {
    const upTo = Math.min(ids.length, from + batch);
    await Promise.all(
      ids.slice(from, upTo).map((workflowId, k) => {
        harness.routes.set(workflowId, run);
        const input: FindingWorkflowInput = { finding: findings[from + k]!, verifyWindowMs: 100, runId: 'bench-approvals' };
        return harness.client.workflow.start('findingWorkflow', { workflowId, taskQueue: ANALYSIS_QUEUE, args: [input] });
      }),
    );
    while ((await pendingCount()) < upTo) await new Promise((r) => setTimeout(r, 250));
  }
  const allPendingSeconds = (Date.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 1000));
  const memory = process.memoryUsage();

  // Anchor: a refused Update, the round trip through server and worker alone.
  const anchor: number[] = [];
  for (const workflowId of ids.slice(0, sampleSize)) {
    const t = performance.now();
    await harness.client.workflow
      .getHandle(workflowId)
      .executeUpdate(decideUpdate, { args: [{ proposalHash: 'stale', decision: 'approve', approver: APPROVER, reason: '' }] })
      .catch(() => undefined);
    anchor.push(performance.now() - t);
  }
  // Approve → the change applied (Verifying or later), one at a time so each measures alone.
  const latency: number[] = [];
  for (const workflowId of ids.slice(0, sampleSize)) {
    const handle = harness.client.workflow.getHandle(workflowId);
    const view: PendingView = await handle.query(pendingQuery);
    const t = performance.now();
    await handle.executeUpdate(decideUpdate, { args: [{ proposalHash: view.proposalHash!, decision: 'approve', approver: APPROVER, reason: 'bench' }] });
    await waitForState(handle, ['Verifying', 'Executed', 'RolledBack', 'Aborted'], 60_000, 5);
    latency.push(performance.now() - t);
  }
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? 0;
  const report = {
    approvalsPending: ids.length,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
    note: 'one process hosts the analysis worker, the actions worker, the client and the scripted replay server',
    maxCachedWorkflows,
    secondsToAllPending: Number(allPendingSeconds.toFixed(1)),
    model,
    idleMemoryMiB: { rss: mib(idle.rss), heapUsed: mib(idle.heapUsed) },
    memoryMiB: { rss: mib(memory.rss), heapUsed: mib(memory.heapUsed), heapTotal: mib(memory.heapTotal), external: mib(memory.external) },
    rssKiBPerPendingApproval: Math.round((memory.rss - idle.rss) / 1024 / ids.length),
    heapKiBPerPendingApproval: Math.round((memory.heapUsed - idle.heapUsed) / 1024 / ids.length),
    anchorRefusedUpdateP95Ms: round(p95(anchor)),
    approvalToExecutionP95Ms: round(p95(latency)),
    sample: sampleSize,
    ratioToAnchor: round(p95(latency) / p95(anchor)),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await run.endpoint.close();
  await harness.stop();
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
