import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { approverPasskey, withPasskeys, type ApproverPasskey } from '../support/passkeys.js';
import { decideUpdate } from '../../workflows/messages.js';
import type { DecideRequest } from '../../core/index.js';

// Passkey approvals through the real workflow on a real Temporal dev server: the decide
// validator and authorize() verify WebAuthn assertions made by software authenticators.

const PROD_API = 'i-0api0prod00004';
const FIRST = 'approver@example.com';
const SECOND = 'second@example.com';

describe('passkey approvals on a real Temporal dev server', () => {
  let loop: Loop;
  let first: ApproverPasskey;
  let second: ApproverPasskey;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });
  beforeEach(() => {
    loop.world.reset();
    first = approverPasskey(FIRST, -7);
    second = approverPasskey(SECOND, -8);
    loop.world.policy = withPasskeys(loop.world.policy, { [FIRST]: first, [SECOND]: second });
  });

  /** A decide payload whose proof is `signer`'s passkey assertion over exactly these fields. */
  function withPasskey(handle: WorkflowHandle, signer: ApproverPasskey, decision: Omit<DecideRequest, 'at'>, at = new Date().toISOString()): DecideRequest {
    const fields = {
      workflowId: handle.workflowId,
      proposalHash: decision.proposalHash,
      decision: decision.decision,
      approver: decision.approver,
      reason: decision.reason ?? '',
      at,
    };
    return { ...decision, at, passkey: signer.authenticator.assert(signer.enrolled.credentialId, fields) };
  }

  async function refusal(handle: WorkflowHandle, args: DecideRequest): Promise<string> {
    const error = await handle.executeUpdate(decideUpdate, { args: [args] }).then(
      () => undefined,
      (e: unknown) => e as WorkflowUpdateFailedError,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    return String((error?.cause as Error | undefined)?.message);
  }

  it('two distinct passkeys approve a production change; one person cannot be both, nor sign a stale hash', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const hash = pending.proposalHash!;
    expect(pending.requirement?.required).toBe(2);
    expect(pending.requirement?.passkeys?.[FIRST]).toEqual([first.enrolled]);

    const mine = { proposalHash: hash, decision: 'approve' as const, approver: FIRST, reason: 'looked at the chart' };
    const theirs = { ...mine, approver: SECOND };
    // a stale hash is refused before any proof is looked at; an assertion over an old hash does not fit the current one
    expect(await refusal(handle, withPasskey(handle, first, { ...mine, proposalHash: 'f'.repeat(64) }))).toContain('stale proposal hash');
    const overOld = withPasskey(handle, first, { ...mine, proposalHash: 'f'.repeat(64) });
    expect(await refusal(handle, { ...overOld, proposalHash: hash })).toContain('the passkey signed another challenge');

    await handle.executeUpdate(decideUpdate, { args: [withPasskey(handle, first, mine)] });
    // the same person: a second vote, or the second approver's name with their own passkey
    expect(await refusal(handle, withPasskey(handle, first, mine))).toContain('already decided');
    expect(await refusal(handle, withPasskey(handle, first, theirs))).toMatch(
      /second@example.com's passkey approval is not valid: passkey .* is not a passkey enrolled for second@example.com/,
    );
    // the second approver's genuine assertion with a changed reason, or replayed onto another workflow, is refused
    const genuine = withPasskey(handle, second, theirs);
    expect(await refusal(handle, { ...genuine, reason: 'changed' })).toContain('another challenge');
    expect(await refusal(handle, withPasskey({ workflowId: 'another-workflow' } as WorkflowHandle, second, theirs))).toContain('another challenge');
    // a session alone (no proof) approves nothing
    expect(await refusal(handle, { ...theirs, at: new Date().toISOString() })).toContain('is not signed');
    expect((await waitFor(handle, ['AwaitingApproval'])).approvals).toHaveLength(1);
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(0);

    await handle.executeUpdate(decideUpdate, { args: [genuine] });
    const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack']);
    expect(done.state).toBe('Executed');
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(1);

    // the audit records keep each assertion and the passkey it was verified with
    const recorded = await loop.world.audit.records({ workflowId: handle.workflowId, step: 'approve' });
    expect(recorded.map((r) => r.output)).toEqual([
      expect.objectContaining({
        approver: FIRST,
        passkey: expect.objectContaining({ credentialId: first.enrolled.credentialId }),
        passkeyCredential: first.enrolled,
      }),
      expect.objectContaining({ approver: SECOND, passkey: genuine.passkey, passkeyCredential: second.enrolled }),
    ]);
  });

  it('authorize() refuses a passkey approval once the passkey is removed from the policy', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const hash = pending.proposalHash!;
    await handle.executeUpdate(decideUpdate, { args: [withPasskey(handle, first, { proposalHash: hash, decision: 'approve', approver: FIRST, reason: '' })] });
    // revoked between the approvals: the request still lists it, the policy at execution does not
    const approvers = { ...loop.world.policy.approvals.approvers, [FIRST]: { ...loop.world.policy.approvals.approvers[FIRST]!, passkeys: [] } };
    loop.world.policy = { ...loop.world.policy, approvals: { ...loop.world.policy.approvals, approvers } };
    await handle.executeUpdate(decideUpdate, {
      args: [withPasskey(handle, second, { proposalHash: hash, decision: 'approve', approver: SECOND, reason: '' })],
    });
    const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack', 'Blocked']);
    expect(done.state).not.toBe('Executed');
    expect(done.outcome).toContain('approver@example.com has no enrolled passkey');
    expect(loop.world.cloud.changesOf(PROD_API)).toHaveLength(0);
  });
});
