import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { sampleEstate } from '../support/world.js';
import { decideUpdate } from '../../workflows/messages.js';
import type { DecideRequest } from '../../core/index.js';
import { decideSigned, forged, signedDecision } from '../support/approver-keys.js';

const WEB = 'i-0web0overprov01';
const PROD_API = 'i-0api0prod00004';
const EXCLUDED_DB = 'i-0ledger0db0003';
const APPROVER = 'approver@example.com';

describe('FindingWorkflow on a real Temporal dev server', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });
  beforeEach(() => {
    loop.world.reset();
  });

  /** The steps in order, one entry per run of the same step (a step may record several model calls). */
  async function stepsOf(workflowId: string): Promise<string[]> {
    return (await loop.world.audit.records({ workflowId })).map((r) => r.step).filter((step, i, all) => step !== all[i - 1]);
  }

  it('approve → the resize happens exactly once, even when the execute activity crashes after applying and is retried', async () => {
    const cloud = loop.world.cloud;
    cloud.injectCrashAfterApply(1);
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    expect(pending.proposal?.action).toMatchObject({ type: 'resize', fromSku: 'm5.2xlarge', toSku: 'm5.large' });
    expect(pending.proposal?.source).toBe('llm');
    // the approver sees the provider-validated dry-run before deciding; nothing has changed yet
    expect(pending.plan?.steps).toEqual(['stop i-0web0overprov01', 'change size m5.2xlarge → m5.large', 'start i-0web0overprov01']);
    expect(cloud.changesOf(WEB)).toHaveLength(0);

    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: APPROVER, reason: 'ok' });
    const done = await waitFor(handle, ['Executed', 'RolledBack', 'Aborted']);

    expect(done.state).toBe('Executed');
    expect(cloud.changesOf(WEB)).toHaveLength(1);
    expect((await cloud.getResource(WEB)).sku).toBe('m5.large');
    const steps = await stepsOf(handle.workflowId);
    expect(steps).toEqual(['enrich', 'propose', 'check', 'plan', 'notify', 'approve', 'claim', 'execute', 'verify']);
    const execute = (await loop.world.audit.records({ workflowId: handle.workflowId })).find((r) => r.step === 'execute')!;
    expect(execute.outcome).toBe('applied');
    // The retry's record (appliedNow false) still names its run and dollars, so blast radius counts it.
    expect(execute.output).toMatchObject({
      kind: 'applied',
      runId: expect.any(String),
      monthlyUsd: expect.any(Number),
      result: { appliedNow: false, priorSku: 'm5.2xlarge', currentSku: 'm5.large' },
    });
    // verification reads back what the change realized, for the weekly report
    const verify = (await loop.world.audit.records({ workflowId: handle.workflowId, step: 'verify' }))[0];
    expect(verify?.output).toMatchObject({ regressed: false, realizedMonthlySavingsUsd: 210.24, evidence: { currentSku: 'm5.large' } });
    // every model call is accounted: model, tokens, cost and agent in the audit record
    const modelCalls = (await loop.world.audit.records({ workflowId: handle.workflowId })).filter((r) => r.model);
    expect(modelCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of modelCalls) {
      expect(call.tokens?.input).toBeGreaterThan(0);
      expect(call.costUsd).toBeGreaterThan(0);
      expect(call.promptId).toMatch(/^rightsizing-|^sku-/);
    }
  });

  it('reject → nothing changes', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'reject', approver: APPROVER, reason: 'peak season' });
    const done = await waitFor(handle, ['Rejected']);
    expect(done.outcome).toContain('peak season');
    expect(loop.world.cloud.changesOf(WEB)).toHaveLength(0);
    expect(await stepsOf(handle.workflowId)).not.toContain('execute');
  });

  it('expiry → nothing changes and the expiry is recorded', async () => {
    loop.world.policy = { ...loop.world.policy, approvals: { ...loop.world.policy.approvals, expiry: '2s' } };
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const done = await waitFor(handle, ['Expired'], 30_000);
    expect(done.outcome).toContain('nothing was changed');
    expect(loop.world.cloud.changesOf(WEB)).toHaveLength(0);
    const steps = await stepsOf(handle.workflowId);
    expect(steps).toContain('expire');
    expect(steps).not.toContain('execute');
    // a late decision is refused: by the validator while the workflow closes, by the server after
    await expect(decideSigned(handle, { proposalHash: done.proposalHash!, decision: 'approve', approver: APPROVER, reason: '' })).rejects.toThrow(
      /no decision is pending|already completed/,
    );
    expect(loop.world.cloud.changesOf(WEB)).toHaveLength(0);
  });

  it('the decide validator refuses a stale hash, an unknown approver, a viewer, and a second vote by the same person', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const refusal = async (args: { proposalHash: string; decision: 'approve' | 'reject'; approver: string; reason: string }) => {
      const error = await decideSigned(handle, args).then(
        () => undefined,
        (e: unknown) => e as WorkflowUpdateFailedError,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return String((error?.cause as Error | undefined)?.message);
    };
    expect(await refusal({ proposalHash: 'f'.repeat(64), decision: 'approve', approver: APPROVER, reason: '' })).toContain('stale proposal hash');
    expect(await refusal({ proposalHash: pending.proposalHash!, decision: 'approve', approver: 'mallory@example.com', reason: '' })).toContain(
      'not an approver',
    );
    expect(await refusal({ proposalHash: pending.proposalHash!, decision: 'approve', approver: 'viewer@example.com', reason: '' })).toContain('role viewer');
    expect(await refusal({ proposalHash: pending.proposalHash!, decision: 'approve', approver: 'rightsizer', reason: '' })).toContain('not an approver');

    // production needs two distinct approvers
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: APPROVER, reason: '' });
    expect(await refusal({ proposalHash: pending.proposalHash!, decision: 'approve', approver: APPROVER, reason: 'again' })).toContain('already decided');
    expect((await waitFor(handle, ['AwaitingApproval'])).approvals).toHaveLength(1);
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(0);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'second@example.com', reason: '' });
    expect((await waitFor(handle, ['Executed', 'Aborted', 'RolledBack'])).state).toBe('Executed');
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(1);
  });

  it('the decide validator parses strictly: unknown fields, wrong types and oversized text are refused, and no refusal tells the pending hash', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const hash = pending.proposalHash!;
    const refusal = async (args: unknown) => {
      const error = await handle.executeUpdate(decideUpdate, { args: [args as never] }).then(
        () => undefined,
        (e: unknown) => e as WorkflowUpdateFailedError,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const message = String((error?.cause as Error | undefined)?.message);
      expect(message).not.toContain(hash);
      expect(message.length).toBeLessThan(600);
      return message;
    };
    const ok = { proposalHash: hash, decision: 'approve', approver: APPROVER, reason: '' };
    expect(await refusal({ ...ok, role: 'admin', note: 'x' })).toMatch(/unknown fields "role", "note"/);
    expect(await refusal({ ...ok, reason: 'r'.repeat(2001) })).toContain('reason has 2001 characters; at most 2000');
    expect(await refusal({ ...ok, reason: 'r'.repeat(1_100_000) })).toContain('at most 2000');
    expect(await refusal({ ...ok, approver: `${'a'.repeat(320)}@x` })).toContain('at most 320');
    expect(await refusal({ ...ok, approver: 5 })).toContain('approver must be a string');
    expect(await refusal({ ...ok, decision: 'yes' })).toContain('decision must be "approve" or "reject"');
    const { proposalHash: _omitted, ...withoutHash } = ok;
    expect(await refusal(withoutHash)).toMatch(/^proposalHash is missing/);
    expect(await refusal({ ...ok, proposalHash: 'e'.repeat(64) })).toContain('stale proposal hash');
    expect(await refusal({ ...ok, approver: '__proto__' })).toBe(
      '__proto__ is not an approver in the policy; ask an admin to add them under approvals.approvers',
    );
    expect(await refusal({ ...ok, approver: 'constructor' })).toContain('constructor is not an approver');
    expect(await refusal(null)).toMatch(/^decide takes one object/);

    // nothing refused reached the workflow's state or the audit log
    expect((await handle.query('pending' as never)) as unknown).toMatchObject({ approvals: [] });
    const approvals = await loop.world.audit.records({ workflowId: handle.workflowId, step: 'approve' });
    expect(approvals).toHaveLength(0);
    await handle.terminate('test done');
  });

  it('approvals are signatures: one person cannot approve production as two typed names, nor with a forged or misbound signature', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const hash = pending.proposalHash!;
    const refusal = async (args: DecideRequest) => {
      const error = await handle.executeUpdate(decideUpdate, { args: [args] }).then(
        () => undefined,
        (e: unknown) => e as WorkflowUpdateFailedError,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return String((error?.cause as Error | undefined)?.message);
    };
    const mine = { proposalHash: hash, decision: 'approve' as const, approver: APPROVER, reason: 'ok' };
    const theirs = { ...mine, approver: 'second@example.com' };
    // typed names alone count for nothing
    expect(await refusal(mine)).toContain("approver@example.com's approval is not signed");
    await decideSigned(handle, mine);
    // the same person, typing the second approver's name and signing with their own key
    const asSecond = signedDecision(handle.workflowId, theirs);
    const byMe = signedDecision(handle.workflowId, { ...theirs, approver: APPROVER });
    expect(await refusal({ ...asSecond, signature: byMe.signature! })).toMatch(/second@example.com's signature is not valid: .*is not a key the policy lists/);
    // a real signature by the second approver, but over another hash, for another workflow, or forged
    const otherHash = signedDecision(handle.workflowId, { ...theirs, proposalHash: 'd'.repeat(64) });
    expect(await refusal({ ...asSecond, signature: otherHash.signature! })).toContain('does not match this decision');
    expect(await refusal(signedDecision('another-workflow', theirs, asSecond.at))).toContain('does not match this decision');
    expect(await refusal({ ...asSecond, signature: forged(asSecond.signature!) })).toContain('does not match this decision');
    expect(await refusal(signedDecision(handle.workflowId, theirs, new Date(Date.now() + 3_600_000).toISOString()))).toContain('in the future');
    expect((await waitFor(handle, ['AwaitingApproval'])).approvals).toHaveLength(1);
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(0);

    // the audit record keeps the signature
    const recorded = await loop.world.audit.records({ workflowId: handle.workflowId, step: 'approve' });
    expect(recorded).toHaveLength(1);
    expect((recorded[0]!.output as { signature?: string }).signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
    // a rejection may come unsigned (the Temporal UI stays usable to stop a change)
    await handle.executeUpdate(decideUpdate, { args: [{ ...theirs, decision: 'reject', reason: 'not now' }] });
    expect((await waitFor(handle, ['Rejected'])).state).toBe('Rejected');
  });

  it('a guardrail failure is recorded and never produces an approval request', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, EXCLUDED_DB));
    const done = await waitFor(handle, ['Blocked', 'AwaitingApproval']);
    expect(done.state).toBe('Blocked');
    expect(done.outcome).toContain('tollgate:exclude=true');
    await handle.result();
    const records = await loop.world.audit.records({ workflowId: handle.workflowId });
    expect(await stepsOf(handle.workflowId)).toEqual(['enrich', 'propose', 'check']);
    expect(records.at(-1)?.outcome).toMatch(/^blocked: resource is tagged tollgate:exclude=true/);
    const history = await handle.fetchHistory();
    const states = JSON.stringify(history).match(/AwaitingApproval/g);
    expect(states).toBeNull();
  });

  it('drift between approval and execution aborts and is recorded', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    loop.world.cloud.changeOutOfBand(WEB, 'm5.xlarge');
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: APPROVER, reason: '' });
    const done = await waitFor(handle, ['Aborted', 'Executed']);
    expect(done.state).toBe('Aborted');
    expect(done.outcome).toContain('drift since approval');
    expect((await loop.world.cloud.getResource(WEB)).sku).toBe('m5.xlarge');
    expect(await stepsOf(handle.workflowId)).toContain('abort');
  });

  it('a regression after the change rolls back to the recorded prior size', async () => {
    const estate = sampleEstate();
    const web = estate.resources.find((r) => r.id === WEB)!;
    web.utilization.cpu.afterChangeFactor = 3;
    const cloud = loop.world.reset(estate);
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: APPROVER, reason: '' });
    const done = await waitFor(handle, ['RolledBack', 'Executed', 'Aborted']);
    expect(done.state).toBe('RolledBack');
    expect((await cloud.getResource(WEB)).sku).toBe('m5.2xlarge');
    expect(cloud.changesOf(WEB).map((c) => c.toSku)).toEqual(['m5.large', 'm5.2xlarge']);
    expect(await stepsOf(handle.workflowId)).toEqual(['enrich', 'propose', 'check', 'plan', 'notify', 'approve', 'claim', 'execute', 'verify', 'rollback']);
  });

  it('keeps one intact audit chain across all of it', async () => {
    expect(await loop.world.audit.verify()).toMatchObject({ ok: true });
  });
});
