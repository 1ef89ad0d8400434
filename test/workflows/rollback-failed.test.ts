import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../core/index.js';
import { summarizeDecisions } from '../../reports/decision-summary.js';
import { decideSigned } from '../support/approver-keys.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { sampleEstate } from '../support/world.js';

const WEB = 'i-0web0overprov01';

describe('a rollback that cannot happen ends the workflow visibly (real Temporal dev server)', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });

  it('a regression whose rollback the provider refuses ends in RollbackFailed, recorded, without retries', async () => {
    const estate = sampleEstate();
    estate.resources.find((r) => r.id === WEB)!.utilization.cpu.afterChangeFactor = 3;
    const cloud = loop.world.reset(estate);
    const handle = await startFinding(loop, await findingFor(loop.world, WEB), 3_000);
    const pending = await waitFor(handle, ['AwaitingApproval']);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: '' });
    await waitFor(handle, ['Verifying']);
    // Someone resizes the VM again while Tollgate watches: the recorded prior size can no longer be restored from here.
    cloud.changeOutOfBand(WEB, 'm5.xlarge');

    const done = await waitFor(handle, ['RollbackFailed', 'RolledBack', 'Executed'], 60_000);
    expect(done.state).toBe('RollbackFailed');
    expect(done.outcome).toContain('rollback failed');
    expect(done.outcome).toContain('roll it back by hand');
    await handle.result();
    expect((await handle.describe()).searchAttributes[SEARCH_ATTRIBUTES.state]).toEqual(['RollbackFailed']);
    expect((await cloud.getResource(WEB)).sku).toBe('m5.xlarge');

    const rollbacks = await loop.world.audit.records({ workflowId: handle.workflowId, step: 'rollback' });
    expect(rollbacks.map((r) => (r.output as { status?: string }).status)).toEqual(['failed', 'failed']);
    expect(rollbacks[0]?.outcome).toMatch(/^rollback failed: /);
    // The weekly report says the change is still in place, not that it was rolled back.
    const all = await loop.world.audit.records({ workflowId: handle.workflowId });
    const window = { from: all[0]!.at, to: new Date(Date.parse(all.at(-1)!.at) + 1).toISOString(), previousFrom: all[0]!.at };
    expect(summarizeDecisions(all, window).proposals[0]?.outcome).toBe('rollback-failed');
    // One attempt, marked non-retryable: not five attempts and a workflow stuck in Verifying.
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'rollbackAction');
    const started = events.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled?.eventId));
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);
    const failure = events.find((e) => String(e.activityTaskFailedEventAttributes?.scheduledEventId) === String(scheduled?.eventId));
    expect(failure?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.nonRetryable).toBe(true);
  });
});
