import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_QUEUE } from '../../core/index.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { REPO } from '../support/world.js';
import { decideSigned } from '../support/approver-keys.js';

const RECORDED = join(REPO, 'test/fixtures/histories/approved-resize.json');
const CHANGED = join(REPO, 'test/fixtures/workflows/changed-finding-workflow.ts');
/** An optimization run recorded before budget alerts joined it (patched('budget-alerts')). */
const RECORDED_RUN = join(REPO, 'test/fixtures/histories/optimization-run-before-budget-alerts.json');
const RECORDED_RUN_ID = 'replay-run-before-budget-alerts';

describe('workflow history replay', () => {
  let loop: Loop;
  let freshHistory: unknown;

  beforeAll(async () => {
    loop = await startLoop();
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: '' });
    await handle.result();
    const history = await handle.fetchHistory();
    freshHistory = history;
    // Refresh the committed history only on request: it is the record of the last released workflow.
    if (process.env.UPDATE_HISTORIES === '1' || !existsSync(RECORDED)) writeFileSync(RECORDED, `${historyToJSON(history)}\n`);
    // Never refreshed: it stands for runs already in flight when budget alerts shipped.
    if (!existsSync(RECORDED_RUN)) {
      const run = await loop.env.client.workflow.start('optimizationRunWorkflow', {
        workflowId: RECORDED_RUN_ID,
        taskQueue: ANALYSIS_QUEUE,
        args: [{ verifyWindowMs: 200 }],
      });
      await run.result();
      writeFileSync(RECORDED_RUN, `${historyToJSON(await run.fetchHistory())}\n`);
    }
  });
  afterAll(async () => {
    await loop?.stop();
  });

  it('replays a fresh history against the current workflow code', async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, freshHistory as never)).resolves.toBeUndefined();
  });

  it('replays the committed history of a released version', async () => {
    const history = historyFromJSON(JSON.parse(readFileSync(RECORDED, 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, history)).resolves.toBeUndefined();
  });

  it('replays an optimization run recorded before budget alerts joined it', async () => {
    const history = historyFromJSON(JSON.parse(readFileSync(RECORDED_RUN, 'utf8')));
    // Child ids derive from the run's id, so replay under the id it was recorded with.
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, history, RECORDED_RUN_ID)).resolves.toBeUndefined();
  });

  it('fails when the workflow changed in a non-deterministic way', async () => {
    const changed = await bundleWorkflowCode({ workflowsPath: CHANGED, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
    const history = historyFromJSON(JSON.parse(readFileSync(RECORDED, 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: changed }, history)).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
