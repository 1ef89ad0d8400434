import { describe, expect, it } from 'vitest';
import { openAuditStore, recordHash, trustedWriters, WriterKey, type AuditStore, type ChainVerification } from '../../audit/index.js';
import type { DecisionRecord } from '../../core/index.js';
import type { AuditBackend } from './conformance.js';
import { demoLogRecords, entryOf } from './demo-log.js';

let demo: Promise<DecisionRecord[]> | undefined;
/** The demo's log, made once per test file by the real activities. */
function demoRecords(): Promise<DecisionRecord[]> {
  demo ??= demoLogRecords();
  return demo;
}

/** What an attacker with write access to the database, but not to a writer's key, tries. */
export function tamperSuite(backend: () => AuditBackend): void {
  describe('tampering with a copy of the demo log', () => {
    const writer = WriterKey.generate();
    const trusted = trustedWriters([writer]);

    /** A fresh store holding the demo's records (same entries, same order, keyed as retries would be), checkpointed by `writer`. */
    async function demoCopy(): Promise<{ store: AuditStore; url: string; records: DecisionRecord[] }> {
      const url = await backend().freshUrl();
      const store = openAuditStore(url, { writer, trusted });
      const source = await demoRecords();
      const records: DecisionRecord[] = [];
      for (const record of source) records.push(await store.append(entryOf(record), `demo:${record.seq}`));
      expect(await store.verify()).toMatchObject({ ok: true, records: source.length, checkpoint: { seq: source.length, keyId: writer.keyId } });
      return { store, url, records };
    }

    async function tampered(tamper: (url: string, records: DecisionRecord[]) => Promise<void>): Promise<ChainVerification> {
      const { store, url, records } = await demoCopy();
      try {
        await tamper(url, records);
        return await store.verify();
      } finally {
        await store.close();
      }
    }

    const seqOf = (records: DecisionRecord[], step: string) => records.find((r) => r.step === step)!.seq;
    const exec = (url: string, sql: string, params: unknown[] = []) => backend().exec(url, sql, params);

    /** Writes a record's JSON and its columns into the row at `seq` (default: its own), as an attacker who knows the hashing would. */
    async function overwrite(url: string, record: DecisionRecord, seq = record.seq): Promise<void> {
      await exec(url, 'UPDATE decision_records SET record = $1, hash = $2, prev_hash = $3, step = $4, workflow_id = $5, finding_id = $6 WHERE seq = $7', [
        JSON.stringify(record),
        record.hash,
        record.prevHash,
        record.step,
        record.workflowId,
        record.findingId,
        seq,
      ]);
    }

    /** Edits one record and recomputes its hash and every later one, so the chain itself is consistent again. */
    function recompute(records: DecisionRecord[], from: number, edit: (r: DecisionRecord) => DecisionRecord): DecisionRecord[] {
      const out: DecisionRecord[] = [];
      let prev = records.find((r) => r.seq === from - 1)!.hash;
      for (const record of records.filter((r) => r.seq >= from)) {
        const { hash: _hash, ...rest } = record.seq === from ? edit(record) : record;
        const unsigned = { ...rest, prevHash: prev };
        const next = { ...unsigned, hash: recordHash(unsigned, `demo:${record.seq}`) };
        out.push(next);
        prev = next.hash;
      }
      return out;
    }

    it('the copy really is the demo: every step of one finding, approved and executed', async () => {
      const { store, records } = await demoCopy();
      await store.close();
      expect(records.map((r) => r.step)).toEqual(expect.arrayContaining(['enrich', 'propose', 'check', 'plan', 'notify', 'approve', 'execute', 'verify']));
    });

    it('edited JSON is named at its record', async () => {
      const result = await tampered(async (url, records) => {
        const execute = records.find((r) => r.step === 'execute')!;
        await exec(url, 'UPDATE decision_records SET record = $1 WHERE seq = $2', [JSON.stringify({ ...execute, outcome: 'aborted' }), execute.seq]);
      });
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/altered/) });
    });

    it('a deleted middle row is named as a gap', async () => {
      let deleted = 0;
      const result = await tampered(async (url, records) => {
        deleted = seqOf(records, 'check');
        await exec(url, 'DELETE FROM decision_records WHERE seq = $1', [deleted]);
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: deleted + 1, reason: `sequence gap: expected seq ${deleted}, found ${deleted + 1}` });
    });

    it('two swapped rows are named at the first', async () => {
      let first = 0;
      const result = await tampered(async (url, records) => {
        first = seqOf(records, 'approve');
        const [a, b] = [records.find((r) => r.seq === first)!, records.find((r) => r.seq === first + 1)!];
        // Each record's content moves to the other's place in the sequence, as a reordering of history would.
        await overwrite(url, b, a.seq);
        await overwrite(url, a, b.seq);
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: first });
    });

    it('a deleted tail is named: the records after the last one left are missing', async () => {
      let total = 0;
      let cut = 0;
      const result = await tampered(async (url, records) => {
        total = records.length;
        cut = seqOf(records, 'execute');
        await exec(url, 'DELETE FROM decision_records WHERE seq >= $1', [cut]);
      });
      expect(result).toMatchObject({
        ok: false,
        firstBadSeq: cut,
        reason: `records after seq ${cut - 1} are missing: the last checkpoint covers seq ${total}`,
      });
    });

    for (const [column, value, reason] of [
      ['step', 'reject', /^column step \(reject\) differs from the hashed record \(approve\): the row was altered$/],
      ['workflow_id', 'someone-else', /^column workflow_id \(someone-else\) differs from the hashed record \(demo-.*\): the row was altered$/],
      ['finding_id', 'finding-x', /^column finding_id \(finding-x\) differs/],
      // The key is hashed (record version 2), so an edited key breaks the hash.
      ['idempotency_key', 'demo:other', /^content does not match its hash: the record was altered$/],
      ['version', 1, /^version 1 after version 2: the row was altered$/],
    ] as const) {
      it(`an edited index column (${column}) is named at its record`, async () => {
        let edited = 0;
        const result = await tampered(async (url, records) => {
          edited = seqOf(records, 'approve');
          await exec(url, `UPDATE decision_records SET ${column} = $1 WHERE seq = $2`, [value, edited]);
        });
        expect(result).toMatchObject({ ok: false, firstBadSeq: edited, reason: expect.stringMatching(reason) });
      });
    }

    it('an edit with the chain recomputed from there on is refused: the signed checkpoint names another hash', async () => {
      let edited = 0;
      const result = await tampered(async (url, records) => {
        edited = seqOf(records, 'approve');
        for (const record of recompute(records, edited, (r) => ({ ...r, actor: { kind: 'human', id: 'mallory@example.com' } }))) await overwrite(url, record);
      });
      expect(result).toMatchObject({
        ok: false,
        firstBadSeq: edited,
        reason: `seq ${edited} is not the record its writer signed: the chain was rewritten at or before seq ${edited}`,
      });
    });

    it('a recomputed chain with the checkpoints after the edit deleted is refused: its records are unsigned', async () => {
      let edited = 0;
      const result = await tampered(async (url, records) => {
        edited = seqOf(records, 'approve');
        for (const record of recompute(records, edited, (r) => ({ ...r, actor: { kind: 'human', id: 'mallory@example.com' } }))) await overwrite(url, record);
        await exec(url, 'DELETE FROM decision_checkpoints WHERE seq >= $1', [edited]);
      });
      expect(result).toMatchObject({
        ok: false,
        firstBadSeq: edited,
        reason: `records after seq ${edited - 1} are not covered by a signed checkpoint: appended by something other than a trusted writer`,
      });
    });

    it('a forged append with a valid hash is refused without a trusted checkpoint signature', async () => {
      let forgedSeq = 0;
      const result = await tampered(async (url, records) => {
        const last = records.at(-1)!;
        const { hash: _hash, ...rest } = { ...last, seq: last.seq + 1, id: 'forged', prevHash: last.hash, step: 'approve' as const, outcome: 'approved' };
        const forged = { ...rest, hash: recordHash(rest, null) };
        forgedSeq = forged.seq;
        await exec(
          url,
          'INSERT INTO decision_records (version, seq, id, idempotency_key, workflow_id, finding_id, step, prev_hash, hash, record) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
          [2, forged.seq, forged.id, null, forged.workflowId, forged.findingId, forged.step, forged.prevHash, forged.hash, JSON.stringify(forged)],
        );
      });
      expect(result).toMatchObject({
        ok: false,
        firstBadSeq: forgedSeq,
        reason: `records after seq ${forgedSeq - 1} are not covered by a signed checkpoint: appended by something other than a trusted writer`,
      });
    });

    it("a forged append checkpointed with the attacker's own key, or with a bad signature, is refused", async () => {
      const attacker = WriterKey.generate();
      const { store, url, records } = await demoCopy();
      try {
        const last = records.at(-1)!;
        const { hash: _hash, ...rest } = { ...last, seq: last.seq + 1, id: 'forged', prevHash: last.hash };
        const forged = { ...rest, hash: recordHash(rest, null) };
        await exec(
          url,
          'INSERT INTO decision_records (version, seq, id, idempotency_key, workflow_id, finding_id, step, prev_hash, hash, record) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
          [2, forged.seq, forged.id, null, forged.workflowId, forged.findingId, forged.step, forged.prevHash, forged.hash, JSON.stringify(forged)],
        );
        const own = attacker.sign({ seq: forged.seq, hash: forged.hash, at: last.at });
        const insert = 'INSERT INTO decision_checkpoints (seq, hash, at, key_id, public_key, signature) VALUES ($1,$2,$3,$4,$5,$6)';
        await exec(url, insert, [own.seq, own.hash, own.at, own.keyId, own.publicKey, own.signature]);
        expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: forged.seq, reason: expect.stringMatching(/not a trusted writer key/) });
        // The trusted writer's key named on a signature made by another key.
        await exec(url, 'UPDATE decision_checkpoints SET key_id = $1, public_key = $2 WHERE seq = $3', [writer.keyId, writer.publicKey, forged.seq]);
        expect(await store.verify()).toMatchObject({
          ok: false,
          firstBadSeq: forged.seq,
          reason: `the checkpoint of seq ${forged.seq} has an invalid signature by ${writer.keyId}`,
        });
      } finally {
        await store.close();
      }
    });
  });
}
