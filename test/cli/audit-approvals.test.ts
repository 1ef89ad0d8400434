import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { reverifyApprovals } from '../../audit/index.js';
import { openAuditStore, WriterKey } from '../../audit/index.js';
import { formatSshPublicKey, parseSshSignature, type Approval } from '../../core/index.js';
import { entry } from '../audit/entries.js';
import { tollgate } from '../audit/cli-support.js';
import { forged, publicKeyLineOf, signedApproval } from '../support/approver-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-approvals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HASH = 'a'.repeat(64);
// The log's own writer key and the trust list verify reads: this test is about approvals, so the chain must verify.
const keyPath = join(dir, 'keys', 'audit-writer.key');
const trustPath = join(dir, 'keys', 'audit-trusted-writers.json');
const openStore = (path: string) => openAuditStore(path, { writer: () => WriterKey.loadOrCreate(keyPath, trustPath) });

/** An approve record as the workflow writes it: the approval, its signature and the key the validator accepted. */
function approveRecord(workflowId: string, approval: Approval, seq = 0) {
  const signedWith = approval.signature ? formatSshPublicKey(parseSshSignature(approval.signature).publicKey) : undefined;
  return entry({
    workflowId,
    step: 'approve',
    actor: { kind: 'human', id: approval.approver },
    outcome: approval.decision === 'approve' ? 'approved' : 'rejected',
    output: { ...approval, ...(signedWith ? { signedWith } : {}) },
    at: `2025-03-03T10:0${seq}:00.000Z`,
  });
}

const approval = (approver: string, over: Partial<Approval> = {}): Approval => ({
  proposalHash: HASH,
  decision: 'approve',
  approver,
  reason: 'ok',
  at: '2025-03-03T09:00:00.000Z',
  role: 'finops',
  ...over,
});

describe('tollgate audit verify re-verifies every approval signature', () => {
  it('accepts today’s keys and the key recorded at the time (a rotated key), lists unsigned, and fails on a bad signature', async () => {
    const good = signedApproval('wf-1', approval('alice'));
    const rotated = signedApproval('wf-2', approval('bob'));
    const rejection = approval('carol', { decision: 'reject' });
    const otherHash = { ...signedApproval('wf-3', approval('alice', { proposalHash: 'b'.repeat(64) })), proposalHash: HASH };
    const bad = { ...good, signature: forged(good.signature!) };

    // today's policy lists alice's key; bob's key was removed after he approved
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      `approvals:\n  approvers:\n    alice:\n      role: finops\n      keys: [${JSON.stringify(publicKeyLineOf('alice'))}]\n    bob: platform\n`,
    );
    const env = { TOLLGATE_POLICY: policy, TOLLGATE_AUDIT_TRUSTED_WRITERS: trustPath };

    const clean = join(dir, 'clean.sqlite');
    const store = openStore(clean);
    await store.append(approveRecord('wf-1', good, 1));
    await store.append(approveRecord('wf-2', rotated, 2));
    await store.append(approveRecord('wf-4', rejection, 3));
    await store.close();
    const ok = await tollgate(['audit', 'verify', '--store', clean, '--json'], env);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { ok: boolean; approvals: ReturnType<typeof reverifyApprovals> };
    expect(report.approvals.results.map((r) => [r.approver, r.status])).toEqual([
      ['alice', 'verified-by-policy'],
      ['bob', 'verified-by-recorded-key'],
      ['carol', 'unsigned'],
    ]);

    const tampered = join(dir, 'tampered.sqlite');
    const second = openStore(tampered);
    await second.append(approveRecord('wf-1', good, 1));
    await second.append(approveRecord('wf-3', otherHash, 2));
    await second.append(approveRecord('wf-5', bad, 3));
    await second.close();
    const failed = await tollgate(['audit', 'verify', '--store', tampered], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('audit log intact');
    expect(failed.stdout).toMatch(/INVALID seq 2 wf-3: approve by alice: .*does not match this decision/);
    expect(failed.stdout).toMatch(/INVALID seq 3 wf-5: approve by alice/);
  });
});
