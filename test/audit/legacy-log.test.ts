import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { legacyRecordHash, SqliteAuditStore, WriterKey } from '../../audit/index.js';
import { GENESIS_HASH, type DecisionRecord } from '../../core/index.js';
import { entry } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A log as Tollgate wrote it before record version 2: no version column, no checkpoints, the hash over the JSON alone. */
function writeVersion1Log(path: string): DecisionRecord[] {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE decision_records (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, idempotency_key TEXT UNIQUE, workflow_id TEXT NOT NULL,
      finding_id TEXT NOT NULL, step TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, record TEXT NOT NULL
    );
  `);
  const records: DecisionRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (const [i, e] of [entry({ step: 'check' }), entry({ step: 'execute', output: { runId: 'run-1', monthlyUsd: -40 }, outcome: 'applied' })].entries()) {
    const unhashed = { ...e, seq: i + 1, id: `old-${i + 1}`, prevHash };
    const record = { ...unhashed, hash: legacyRecordHash(unhashed) };
    db.prepare('INSERT INTO decision_records VALUES (?,?,?,?,?,?,?,?,?)').run(
      record.seq,
      record.id,
      `old:${i + 1}`,
      record.workflowId,
      record.findingId,
      record.step,
      record.prevHash,
      record.hash,
      JSON.stringify(record),
    );
    records.push(record);
    prevHash = record.hash;
  }
  db.close();
  return records;
}

describe('a version-1 audit log', () => {
  it('is read as it was written, verifies once a trusted writer appends, and its rows keep version 1', async () => {
    const path = join(dir, 'v1.sqlite');
    const old = writeVersion1Log(path);
    const store = new SqliteAuditStore(path, { writer: WriterKey.generate() });
    try {
      const read = await store.records();
      expect(read).toEqual(old.map((r) => ({ ...r, version: 1 })));
      expect(await store.verify()).toMatchObject({
        ok: false,
        firstBadSeq: 1,
        reason:
          'records after seq 0 are not covered by a signed checkpoint: they were written before checkpoints existed (record version 1); the next append by a trusted writer covers them',
      });
      const next = await store.append(entry({ step: 'verify', outcome: 'healthy' }));
      expect(next).toMatchObject({ seq: 3, version: 2, prevHash: old[1]!.hash });
      expect(await store.verify()).toMatchObject({ ok: true, records: 3, checkpoint: { seq: 3 } });
      expect((await store.records()).map((r) => r.version)).toEqual([1, 1, 2]);
    } finally {
      await store.close();
    }
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('detects an edited old record the old way, and an edited step column the new way', async () => {
    const path = join(dir, 'v1-edited.sqlite');
    writeVersion1Log(path);
    const db = new Database(path);
    db.prepare("UPDATE decision_records SET step = 'check' WHERE seq = 2").run();
    db.close();
    const store = new SqliteAuditStore(path, { writer: WriterKey.generate() });
    try {
      await store.append(entry());
      expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: expect.stringMatching(/column step \(check\) differs/) });
    } finally {
      await store.close();
    }
  });
});
