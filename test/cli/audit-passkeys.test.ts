import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { reverifyApprovals } from '../../audit/index.js';
import { openAuditStore, WriterKey } from '../../audit/index.js';
import type { Approval } from '../../core/index.js';
import { entry } from '../audit/entries.js';
import { tollgate } from '../audit/cli-support.js';
import { approverPasskey, TEST_RELYING_PARTY, type ApproverPasskey } from '../support/passkeys.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-passkeys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keyPath = join(dir, 'keys', 'audit-writer.key');
const trustPath = join(dir, 'keys', 'audit-trusted-writers.json');
const openStore = (path: string) => openAuditStore(path, { writer: () => WriterKey.loadOrCreate(keyPath, trustPath) });
const HASH = 'a'.repeat(64);

/** An approve record as the workflow writes a passkey approval: the assertion, the passkey and console it was verified with. */
function passkeyRecord(workflowId: string, signer: ApproverPasskey, approver: string, seq: number, tamper: Partial<Approval> = {}) {
  const approval: Approval = { proposalHash: HASH, decision: 'approve', approver, reason: 'ok', at: '2025-03-03T09:00:00.000Z', role: 'finops' };
  const passkey = signer.authenticator.assert(signer.enrolled.credentialId, { workflowId, ...approval });
  return entry({
    workflowId,
    step: 'approve',
    actor: { kind: 'human', id: approver },
    outcome: 'approved',
    output: { ...approval, ...tamper, passkey, passkeyCredential: signer.enrolled, passkeyRelyingParty: TEST_RELYING_PARTY },
    at: `2025-03-03T10:0${seq}:00.000Z`,
  });
}

describe('tollgate audit verify re-verifies passkey approvals', () => {
  it('accepts today’s passkeys and the passkey recorded at the time, and names the approver of a tampered record', async () => {
    const alice = approverPasskey('alice');
    const bob = approverPasskey('bob', -8);
    // today's policy enrolls alice's passkey; bob's was revoked after he approved
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      [
        'approvals:',
        `  passkeys: {rpId: ${TEST_RELYING_PARTY.rpId}, origins: ${JSON.stringify(TEST_RELYING_PARTY.origins)}}`,
        '  approvers:',
        `    alice: {role: finops, passkeys: [${JSON.stringify(alice.enrolled)}]}`,
        '    bob: platform',
        '',
      ].join('\n'),
    );
    const env = { TOLLGATE_POLICY: policy, TOLLGATE_AUDIT_TRUSTED_WRITERS: trustPath };

    const clean = join(dir, 'clean.sqlite');
    const store = openStore(clean);
    await store.append(passkeyRecord('wf-1', alice, 'alice', 1));
    await store.append(passkeyRecord('wf-2', bob, 'bob', 2));
    await store.close();
    const ok = await tollgate(['audit', 'verify', '--store', clean, '--json'], env);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { approvals: ReturnType<typeof reverifyApprovals> };
    expect(report.approvals.results.map((r) => [r.approver, r.status])).toEqual([
      ['alice', 'verified-by-policy'],
      ['bob', 'verified-by-recorded-key'],
    ]);

    // records written with a changed reason or hash (a writer who rewrote the chain would get this far)
    const tampered = join(dir, 'tampered.sqlite');
    const second = openStore(tampered);
    await second.append(passkeyRecord('wf-1', alice, 'alice', 1));
    await second.append(passkeyRecord('wf-3', alice, 'alice', 2, { reason: 'approved with no look' }));
    await second.append(passkeyRecord('wf-4', bob, 'bob', 3, { proposalHash: 'b'.repeat(64) }));
    await second.close();
    const failed = await tollgate(['audit', 'verify', '--store', tampered], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('audit log intact');
    expect(failed.stdout).toMatch(/INVALID seq 2 wf-3: approve by alice: the passkey signed another challenge/);
    expect(failed.stdout).toMatch(/INVALID seq 3 wf-4: approve by bob: the passkey signed another challenge/);
    expect(failed.stdout).not.toMatch(/seq 1 wf-1/);
  }, 240_000);
});
