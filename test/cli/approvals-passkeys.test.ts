import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PasskeyEnrollmentStore } from '../../approvals/passkeys/index.js';
import type { reverifyApprovals } from '../../audit/index.js';
import { tollgate } from '../audit/cli-support.js';
import { publicKeyLineOf, writeKeyFile } from '../support/approver-keys.js';
import { approverPasskey, TEST_RELYING_PARTY } from '../support/passkeys.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-passkey-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tollgate approvals passkeys approve', () => {
  it('refuses the owner approving their own passkey, approves with another admin’s key, and audit verify re-verifies it', async () => {
    const home = join(dir, 'home');
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      [
        'approvals:',
        `  passkeys: {rpId: ${TEST_RELYING_PARTY.rpId}, origins: ${JSON.stringify(TEST_RELYING_PARTY.origins)}, admins: [alice, bob]}`,
        '  approvers:',
        `    alice: {role: finops, keys: [${JSON.stringify(publicKeyLineOf('alice'))}]}`,
        `    bob: {role: platform, keys: [${JSON.stringify(publicKeyLineOf('bob'))}]}`,
        '',
      ].join('\n'),
    );
    const env = { TOLLGATE_POLICY: policy, TOLLGATE_HOME: home };
    const store = new PasskeyEnrollmentStore(join(home, 'passkey-enrollments.sqlite'));
    const { enrolled } = approverPasskey('alice');
    const { id } = store.request('alice', enrolled, '2026-03-01T09:00:00.000Z');
    store.close();

    const self = await tollgate(['approvals', 'passkeys', 'approve', id, '--as', 'alice', '--key', writeKeyFile(dir, 'alice')], env);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('alice cannot approve their own passkey: another admin must');

    const ok = await tollgate(
      ['approvals', 'passkeys', 'approve', id, '--as', 'bob', '--key', writeKeyFile(dir, 'bob'), '--reason', 'checked in person', '--json'],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      enrollment: { id, approver: 'alice', status: 'approved', approval: { admin: 'bob', reason: 'checked in person' } },
    });

    const verify = await tollgate(['audit', 'verify', '--json'], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { approvals: ReturnType<typeof reverifyApprovals> };
    expect(report.approvals.results).toEqual([
      expect.objectContaining({ workflowId: `passkey-enrollment:${id}`, approver: 'bob', status: 'verified-by-policy' }),
    ]);
  }, 300_000);
});
