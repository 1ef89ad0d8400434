import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyPairSigner } from '../../approvals/signing/approval-signer.js';
import { formatOpenSshPrivateKey, generateKeyPair, parseOpenSshPrivateKey } from '../../approvals/signing/openssh-key.js';
import {
  APPROVAL_NAMESPACE,
  approvalMessage,
  formatSshPublicKey,
  parseSshPublicKey,
  signatureRefusal,
  verifySshSignature,
  type SignedDecision,
} from '../../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-sshsig-'));
const decision: SignedDecision = {
  workflowId: 'finding-i-0web-1',
  proposalHash: 'a'.repeat(64),
  decision: 'approve',
  approver: 'alice@example.com',
  reason: 'headroom is fine — ok',
  at: '2026-03-01T09:00:00.000Z',
};

function sshKeygen(args: string[], input?: string): string {
  return execFileSync('ssh-keygen', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('SSH signatures (SSHSIG) interoperate with the real ssh-keygen', () => {
  it('ssh-keygen -Y sign → Tollgate verifies; a key ssh-keygen made is read by Tollgate', () => {
    const keyFile = join(dir, 'alice');
    sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'alice', '-f', keyFile]);
    const message = approvalMessage(decision);
    const signature = sshKeygen(['-Y', 'sign', '-n', APPROVAL_NAMESPACE, '-f', keyFile], message);
    const pub = readFileSync(`${keyFile}.pub`, 'utf8');
    expect(verifySshSignature(signature, message, APPROVAL_NAMESPACE, [pub])).toEqual({ ok: true, fingerprint: parseSshPublicKey(pub).fingerprint });
    expect(parseSshPublicKey(pub).fingerprint).toBe(sshKeygen(['-l', '-f', `${keyFile}.pub`]).split(' ')[1]);
    // the private key file ssh-keygen wrote is one Tollgate can sign with
    expect(formatSshPublicKey(parseOpenSshPrivateKey(readFileSync(keyFile, 'utf8')).publicKey)).toBe(pub.split(' ').slice(0, 2).join(' '));
    // and the whole decision check accepts it
    expect(signatureRefusal({ ...decision, signature }, decision.workflowId, [pub], false)).toBeUndefined();
  });

  it('Tollgate signs → ssh-keygen -Y verify accepts it; a key Tollgate wrote is one ssh-keygen reads', async () => {
    const pair = generateKeyPair('bob');
    const keyFile = join(dir, 'bob');
    writeFileSync(keyFile, formatOpenSshPrivateKey(pair), { mode: 0o600 });
    expect(sshKeygen(['-y', '-f', keyFile]).trim()).toBe(formatSshPublicKey(pair.publicKey, 'bob'));
    const signature = await keyPairSigner(pair).sign(decision);
    const sigFile = join(dir, 'bob.sig');
    writeFileSync(sigFile, signature);
    const allowed = join(dir, 'allowed_signers');
    writeFileSync(allowed, `bob@example.com ${formatSshPublicKey(pair.publicKey)}\n`);
    const out = sshKeygen(['-Y', 'verify', '-f', allowed, '-I', 'bob@example.com', '-n', APPROVAL_NAMESPACE, '-s', sigFile], approvalMessage(decision));
    expect(out).toContain('Good "tollgate" signature for bob@example.com');
    // ssh-keygen refuses it for another message, as Tollgate does
    expect(() =>
      sshKeygen(
        ['-Y', 'verify', '-f', allowed, '-I', 'bob@example.com', '-n', APPROVAL_NAMESPACE, '-s', sigFile],
        approvalMessage({ ...decision, proposalHash: 'b'.repeat(64) }),
      ),
    ).toThrow();
  });

  it('refuses a signature over another hash, by another key, in another namespace, or forged', async () => {
    const pair = generateKeyPair('carol');
    const pub = formatSshPublicKey(pair.publicKey);
    const signature = await keyPairSigner(pair).sign(decision);
    const check = (d: Partial<SignedDecision> & { signature: string }, keys = [pub]) =>
      signatureRefusal({ ...decision, ...d }, decision.workflowId, keys, false);

    expect(check({ signature })).toBeUndefined();
    expect(check({ signature, proposalHash: 'b'.repeat(64) })).toMatch(/does not match this decision/);
    expect(check({ signature, reason: 'something else' })).toMatch(/does not match/);
    expect(signatureRefusal({ ...decision, signature }, 'another-workflow', [pub], false)).toMatch(/does not match/);
    expect(check({ signature, approver: 'mallory@example.com' })).toMatch(/does not match/);
    expect(check({ signature }, [formatSshPublicKey(generateKeyPair('x').publicKey)])).toMatch(/is not a key the policy lists/);

    // ssh-keygen's signature in another namespace (e.g. git's "file") does not count
    const keyFile = join(dir, 'carol');
    writeFileSync(keyFile, formatOpenSshPrivateKey(pair), { mode: 0o600 });
    const gitSignature = sshKeygen(['-Y', 'sign', '-n', 'file', '-f', keyFile], approvalMessage(decision));
    expect(check({ signature: gitSignature })).toMatch(/namespace "file"/);

    // a forged signature: the right key and message, one bit of the signature flipped
    const lines = signature.trim().split('\n');
    const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
    body[body.length - 5]! ^= 0x01;
    const forged = [lines[0], ...body.toString('base64').match(/.{1,70}/g)!, lines.at(-1)].join('\n');
    expect(check({ signature: forged })).toMatch(/does not match this decision/);
    expect(check({ signature: 'not a signature' })).toMatch(/not an SSH signature/);

    // an approval must be signed unless the policy allows unsigned ones; a rejection need not be
    expect(signatureRefusal(decision, decision.workflowId, [pub], false)).toMatch(/is not signed/);
    expect(signatureRefusal(decision, decision.workflowId, [pub], true)).toBeUndefined();
    expect(signatureRefusal({ ...decision, decision: 'reject' }, decision.workflowId, [pub], false)).toBeUndefined();
  });
});
