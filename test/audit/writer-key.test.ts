import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointSignatureValid, loadTrustedWriters, WriterKey } from '../../audit/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-writer-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an audit writer key', () => {
  it('is made once with mode 0600, joins the trust file once, and signs checkpoints that verify', () => {
    const keyPath = join(dir, 'home', 'audit-writer.key');
    const trustPath = join(dir, 'home', 'audit-trusted-writers.json');
    const first = WriterKey.loadOrCreate(keyPath, trustPath);
    const again = WriterKey.loadOrCreate(keyPath, trustPath);
    expect(again.keyId).toBe(first.keyId);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const trusted = loadTrustedWriters(trustPath);
    expect([...trusted.keys()]).toEqual([first.keyId]);

    const claim = { seq: 7, hash: 'a'.repeat(64), at: '2025-03-03T10:00:00.000Z' };
    const checkpoint = first.sign(claim);
    expect(checkpointSignatureValid(claim, trusted.get(first.keyId)!, checkpoint.signature)).toBe(true);
    expect(checkpointSignatureValid({ ...claim, seq: 8 }, first.publicKey, checkpoint.signature)).toBe(false);
    expect(checkpointSignatureValid(claim, WriterKey.generate().publicKey, checkpoint.signature)).toBe(false);
    expect(checkpointSignatureValid(claim, first.publicKey, 'not-a-signature')).toBe(false);
  });

  it('is refused when others can read it, naming the fix', () => {
    const keyPath = join(dir, 'open', 'audit-writer.key');
    WriterKey.loadOrCreate(keyPath);
    chmodSync(keyPath, 0o644);
    expect(() => WriterKey.loadOrCreate(keyPath)).toThrow(`audit writer key ${keyPath} is readable by others (mode 644): run chmod 600 ${keyPath}`);
  });

  it('a trust file whose keyId does not match its key is refused, naming the file', () => {
    const trustPath = join(dir, 'bad-trust.json');
    const key = WriterKey.generate();
    writeFileSync(trustPath, JSON.stringify({ writers: [{ keyId: 'ed25519:0000000000000000', publicKey: key.publicKey }] }));
    expect(() => loadTrustedWriters(trustPath)).toThrow(`${trustPath}: keyId ed25519:0000000000000000 does not match its publicKey (expected ${key.keyId})`);
  });
});
