import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAnchor, openAuditStore, trustedWriters, WriterKey } from '../../audit/index.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { tollgate } from './cli-support.js';
import { entry } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-anchor-'));
const keyPath = join(dir, 'keys', 'audit-writer.key');
const trustPath = join(dir, 'keys', 'audit-trusted-writers.json');
let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function seeded(name: string, count = 5): Promise<string> {
  const path = join(dir, name);
  const store = openAuditStore(path, { writer: () => WriterKey.loadOrCreate(keyPath, trustPath) });
  for (let i = 0; i < count; i++) await store.append(entry({ outcome: `step ${i + 1}` }));
  await store.close();
  return path;
}

/** What checkpoints alone cannot catch: the tail and the checkpoints covering it deleted together. */
function cutTailWithCheckpoints(path: string, from: number): void {
  const db = new Database(path);
  db.prepare('DELETE FROM decision_records WHERE seq >= ?').run(from);
  db.prepare('DELETE FROM decision_checkpoints WHERE seq >= ?').run(from);
  db.close();
}

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

describe('anchoring signed heads outside the database', () => {
  it('a file anchor reveals a tail cut together with its checkpoints', async () => {
    const path = await seeded('file.sqlite');
    const anchorFile = join(dir, 'heads.jsonl');
    const anchored = await tollgate(['audit', 'anchor', '--store', path, '--to', anchorFile, '--trusted-writers', trustPath]);
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stdout).toMatch(/^anchored seq 5 \(head [0-9a-f]{16}, signed by ed25519:[0-9a-f]{16}\) to /);
    expect(readFileSync(anchorFile, 'utf8').trim().split('\n')).toHaveLength(1);

    cutTailWithCheckpoints(path, 4);
    const trusted = trustedWriters([WriterKey.loadOrCreate(keyPath)]);
    const store = openAuditStore(path, { trusted });
    try {
      // The database alone is consistent and signed: the documented limit of checkpoints.
      expect(await store.verify()).toMatchObject({ ok: true, records: 3 });
      expect(await store.verify({ anchors: await new FileAnchor(anchorFile).read() })).toEqual({
        ok: false,
        records: 3,
        firstBadSeq: 4,
        reason: 'records after seq 3 are missing: the last anchored head covers seq 5',
      });
    } finally {
      await store.close();
    }
  }, 180_000);

  it('refuses to anchor a log that does not verify, and a forged anchored head proves nothing', async () => {
    const path = await seeded('broken.sqlite', 3);
    const db = new Database(path);
    db.prepare("UPDATE decision_records SET step = 'approve' WHERE seq = 2").run();
    db.close();
    const refused = await tollgate(['audit', 'anchor', '--store', path, '--to', join(dir, 'never.jsonl'), '--trusted-writers', trustPath]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to anchor: the log does not verify \(seq 2: column step/);

    const intact = await seeded('intact.sqlite', 3);
    const store = openAuditStore(intact, { trusted: trustedWriters([WriterKey.loadOrCreate(keyPath)]) });
    try {
      const forged = WriterKey.generate().sign({ seq: 9, hash: 'f'.repeat(64), at: '2025-03-03T10:00:00.000Z' });
      expect(await store.verify({ anchors: [forged] })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/anchored head of seq 9 is signed by .* not a trusted writer key/),
      });
    } finally {
      await store.close();
    }
  }, 180_000);

  it('an S3 anchor is Object-Locked, cannot be deleted, and reveals the cut tail (moto)', async () => {
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'audit-anchors', ObjectLockEnabledForBucket: true }));
    const path = await seeded('s3.sqlite');
    const env = { ...AWS_ENV, AWS_ENDPOINT_URL_S3: moto.endpoint };
    const anchored = await tollgate(
      ['audit', 'anchor', '--store', path, '--to', 's3://audit-anchors/tollgate/heads', '--trusted-writers', trustPath, '--json'],
      env,
    );
    expect(anchored.code, anchored.stderr).toBe(0);
    const { to } = JSON.parse(anchored.stdout) as { to: string };
    expect(to).toMatch(/^s3:\/\/audit-anchors\/tollgate\/heads\/head-000000000005-[0-9a-f]{16}\.json$/);

    const key = to.replace('s3://audit-anchors/', '');
    // HEAD reports the lock (moto's GetObjectRetention answer is not one the SDK parses).
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'audit-anchors', Key: key }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'audit-anchors', Prefix: key }));
    const versionId = versions.Versions?.[0]?.VersionId;
    await expect(s3.send(new DeleteObjectCommand({ Bucket: 'audit-anchors', Key: key, VersionId: versionId }))).rejects.toThrow(/Access ?Denied/i);
    // The refusal is the lock's: an unlocked object in the same bucket deletes fine.
    const plain = await s3.send(new PutObjectCommand({ Bucket: 'audit-anchors', Key: 'scratch.txt', Body: 'x' }));
    await expect(s3.send(new DeleteObjectCommand({ Bucket: 'audit-anchors', Key: 'scratch.txt', VersionId: plain.VersionId }))).resolves.toBeDefined();

    cutTailWithCheckpoints(path, 3);
    const verified = await tollgate(
      ['audit', 'verify', '--store', path, '--anchor', 's3://audit-anchors/tollgate/heads', '--trusted-writers', trustPath, '--json'],
      env,
    );
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      reason: 'records after seq 2 are missing: the last anchored head covers seq 5',
    });
    s3.destroy();
  }, 240_000);
});
