import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { legacyRecordHash, proposalFate, runStateOf, SqliteAuditStore, WriterKey } from '../../audit/index.js';
import { GENESIS_HASH, type DecisionRecord } from '../../core/index.js';
import { entry, SAMPLE_OUTPUTS } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2025-03-03T10:00:00.000Z';
const RESIZE = { type: 'resize', provider: 'aws', resourceId: 'i-0abc', region: 'eu-west-1', fromSku: 'm5.xlarge', toSku: 'm5.large' };
const RESULT = { action: RESIZE, idempotencyKey: 'key-1', appliedNow: true, priorSku: 'm5.xlarge', currentSku: 'm5.large', at: AT };

/** Records as version 1 wrote them: untyped outputs, kinds told apart by which fields are there, some facts only in the outcome text. */
const VERSION_1_ENTRIES: Record<string, unknown>[] = [
  { step: 'check', workflowId: 'run-7-i-abc', output: SAMPLE_OUTPUTS.check, outcome: 'passed' },
  {
    step: 'execute',
    workflowId: 'run-7-i-abc',
    output: { plan: { action: RESIZE, steps: ['resize'], validatedBy: 'sandbox' }, result: RESULT, runId: 'run-7', monthlyUsd: -40 },
    outcome: 'applied',
  },
  // The crash-recovery path of version 1 wrote no runId: it still counts against its run.
  { step: 'execute', workflowId: 'run-7-i-def', output: { result: { ...RESULT, appliedNow: false } }, outcome: 'applied' },
  {
    step: 'verify',
    workflowId: 'run-7-i-abc',
    output: { utilization: {}, realizedMonthlySavingsUsd: 38 },
    outcome: 'regression: CPU P99 91.0% exceeds the 80% ceiling',
  },
  { step: 'propose', workflowId: 'run-7-i-abc', output: { problem: 'not JSON' }, outcome: 'invalid: repair requested' },
];

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
  for (const [i, e] of VERSION_1_ENTRIES.entries()) {
    const unhashed = { ...entry(), ...e, seq: i + 1, id: `old-${i + 1}`, prevHash } as unknown as Omit<DecisionRecord, 'hash'>;
    const record = { ...unhashed, hash: legacyRecordHash(unhashed) } as DecisionRecord;
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
  it('is read typed, verifies once a trusted writer appends, and its rows keep version 1', async () => {
    const path = join(dir, 'v1.sqlite');
    const old = writeVersion1Log(path);
    const store = new SqliteAuditStore(path, { writer: WriterKey.generate() });
    try {
      const read = await store.records();
      expect(read.map((r) => [r.seq, r.version, r.hash])).toEqual(old.map((r) => [r.seq, 1, r.hash]));
      // The read models see typed fields, whichever version wrote them.
      expect(read.map((r) => (r.step === 'execute' ? [r.output.kind, r.output.kind === 'applied' && r.output.runId] : r.step))).toEqual([
        'check',
        ['applied', 'run-7'],
        ['applied', 'run-7-i-def'],
        'verify',
        'propose',
      ]);
      expect(await runStateOf(store, 'run-7')).toEqual({ actionsThisRun: 2, monthlyUsdChangedThisRun: 40 });
      expect(read[3]).toMatchObject({
        step: 'verify',
        output: { regressed: true, reason: 'CPU P99 91.0% exceeds the 80% ceiling', realizedMonthlySavingsUsd: 38 },
      });
      expect(read[4]).toMatchObject({ step: 'propose', output: { kind: 'repair', problem: 'not JSON' } });
      expect(
        proposalFate(
          read.filter((r) => r.workflowId === 'run-7-i-abc'),
          40,
        ),
      ).toEqual({
        outcome: 'executed',
        reason: 'regression: CPU P99 91.0% exceeds the 80% ceiling',
        realizedMonthlySavingsUsd: 0,
      });

      expect(await store.verify()).toMatchObject({
        ok: false,
        firstBadSeq: 1,
        reason:
          'records after seq 0 are not covered by a signed checkpoint: they were written before checkpoints existed (record version 1); the next append by a trusted writer covers them',
      });
      const next = await store.append(entry({ step: 'verify', outcome: 'healthy' }));
      expect(next).toMatchObject({ seq: 6, version: 2, prevHash: old.at(-1)!.hash });
      expect(await store.verify()).toMatchObject({ ok: true, records: 6, checkpoint: { seq: 6 } });
      expect((await store.records()).map((r) => r.version)).toEqual([1, 1, 1, 1, 1, 2]);
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
