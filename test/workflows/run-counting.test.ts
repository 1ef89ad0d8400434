import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANALYSIS_QUEUE, type DecideInput, type FindingWorkflowInput } from '../../core/index.js';
import { decideSigned } from '../support/approver-keys.js';
import type { OptimizationRunResult } from '../../workflows/optimization-run.js';
import { leaseIdFor } from '../../workflows/resource-lease.js';
import { findingFor, startLoop, waitFor, type Loop } from '../support/loop.js';

const WEB = 'i-0web0overprov01';
const BATCH = 'i-0batch0worker02';
const PROD_API = 'i-0api0prod00004';
const EXCLUDED_DB = 'i-0ledger0db0003';
const approve = (proposalHash: string, approver = 'approver@example.com'): DecideInput => ({ proposalHash, decision: 'approve', approver, reason: '' });

describe('an optimization run counts every change once and asks once per resource (real Temporal dev server)', () => {
  let loop: Loop;
  let runs = 0;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });
  beforeEach(() => {
    loop.world.reset();
  });

  const nextRunId = () => `count-run-${process.pid}-${Date.now()}-${runs++}`;

  it('a change recovered after a crash counts toward maxActionsPerRun: the third change of a 2-action run is refused', async () => {
    loop.world.policy = { ...loop.world.policy, execution: { ...loop.world.policy.execution, maxActionsPerRun: 2 } };
    const cloud = loop.world.cloud;
    const runId = nextRunId();
    const start = async (resourceId: string) => {
      const input: FindingWorkflowInput = { finding: await findingFor(loop.world, resourceId), verifyWindowMs: 200, runId };
      return loop.env.client.workflow.start('findingWorkflow', { workflowId: `${runId}-${resourceId}`, taskQueue: ANALYSIS_QUEUE, args: [input] });
    };
    const [web, batch, api] = await Promise.all([start(WEB), start(BATCH), start(PROD_API)]);

    // The first apply crashes after the cloud changed; the retry finds it and records it.
    cloud.injectCrashAfterApply(1);
    await decideSigned(web, approve((await waitFor(web, ['AwaitingApproval'])).proposalHash!));
    expect((await waitFor(web, ['Executed', 'Aborted', 'RolledBack'])).state).toBe('Executed');

    await decideSigned(batch, approve((await waitFor(batch, ['AwaitingApproval'])).proposalHash!));
    expect((await waitFor(batch, ['Executed', 'Aborted', 'RolledBack'])).state).toBe('Executed');

    const apiHash = (await waitFor(api, ['AwaitingApproval'])).proposalHash!;
    await decideSigned(api, approve(apiHash));
    await decideSigned(api, approve(apiHash, 'second@example.com'));
    const third = await waitFor(api, ['Executed', 'Aborted', 'RolledBack']);
    expect(third.state).toBe('Aborted');
    expect(third.outcome).toContain('blast radius');
    expect(cloud.changesOf(PROD_API)).toHaveLength(0);
    expect([WEB, BATCH, PROD_API].flatMap((id) => cloud.changesOf(id))).toHaveLength(2);
    // The recovered apply is recorded with its run, like any other.
    const recovered = (await loop.world.audit.records({ workflowId: web.workflowId, step: 'execute' }))[0];
    expect(recovered?.input.summary).toContain('already applied');
    expect(recovered?.output).toMatchObject({ runId });
  });

  it('a second run opens no second workflow or approval request for a resource whose request is still open', async () => {
    const runOnce = (): Promise<OptimizationRunResult> =>
      loop.env.client.workflow.execute('optimizationRunWorkflow', { workflowId: nextRunId(), taskQueue: ANALYSIS_QUEUE, args: [{ verifyWindowMs: 200 }] });
    const handleOf = (run: OptimizationRunResult, resourceId: string) =>
      loop.env.client.workflow.getHandle(run.started.find((s) => s.resourceId === resourceId)!.workflowId);

    const first = await runOnce();
    expect(first.started.map((s) => s.resourceId).sort()).toEqual([WEB, BATCH, EXCLUDED_DB, PROD_API].sort());
    for (const id of [WEB, BATCH, PROD_API]) await waitFor(handleOf(first, id), ['AwaitingApproval']);
    // The excluded VM's request is blocked and closed, so its resource is free again.
    await loop.env.client.workflow.getHandle(leaseIdFor({ provider: 'sandbox', resourceId: EXCLUDED_DB, kind: 'rightsizing' })).result();

    const second = await runOnce();
    expect(second.started.map((s) => s.resourceId)).toEqual([EXCLUDED_DB]);
    expect(first.alreadyOpen).toEqual([]);
    expect(second.alreadyOpen?.map((a) => a.resourceId).sort()).toEqual([WEB, BATCH, PROD_API].sort());
    // One approval request each, across both runs.
    const notified = (await loop.world.audit.records({ step: 'notify' })).filter((r) =>
      [first.runId, second.runId].some((run) => r.workflowId.startsWith(run)),
    );
    for (const id of [WEB, BATCH, PROD_API]) expect(notified.filter((r) => r.workflowId.endsWith(`-${id}`))).toHaveLength(1);

    // Once a request ends, the next run may ask again.
    const web = handleOf(first, WEB);
    const pending = await waitFor(web, ['AwaitingApproval']);
    await decideSigned(web, { proposalHash: pending.proposalHash!, decision: 'reject', approver: 'approver@example.com', reason: 'not now' });
    await loop.env.client.workflow.getHandle(leaseIdFor({ provider: 'sandbox', resourceId: WEB, kind: 'rightsizing' })).result();
    const third = await runOnce();
    expect(third.started.map((s) => s.resourceId).sort()).toEqual([WEB, EXCLUDED_DB].sort());
    expect(third.alreadyOpen?.map((a) => a.resourceId).sort()).toEqual([BATCH, PROD_API].sort());
  });
});
