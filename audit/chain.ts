import { canonicalJson, sha256Hex, GENESIS_HASH, type DecisionEntry, type DecisionRecord } from '../core/index.js';

/** The hash covers the previous hash and every field of the record but its own hash. */
export function recordHash(record: Omit<DecisionRecord, 'hash'>): string {
  return sha256Hex(canonicalJson(record));
}

export function chainRecord(entry: DecisionEntry, seq: number, id: string, prevHash: string): DecisionRecord {
  const unsigned = { ...entry, seq, id, prevHash };
  return { ...unsigned, hash: recordHash(unsigned) };
}

export type ChainVerification = { ok: true; records: number; head: string } | { ok: false; records: number; firstBadSeq: number; reason: string };

/** Recomputes the chain from the genesis hash and names the first record that does not fit. */
export function verifyChain(records: readonly DecisionRecord[]): ChainVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const record of records) {
    const { hash, ...rest } = record;
    if (record.seq !== expectedSeq) return bad(records, record.seq, `sequence gap: expected seq ${expectedSeq}, found ${record.seq}`);
    if (record.prevHash !== prev) return bad(records, record.seq, `prevHash does not match the hash of seq ${record.seq - 1}`);
    if (recordHash(rest) !== hash) return bad(records, record.seq, 'content does not match its hash: the record was altered');
    prev = hash;
    expectedSeq += 1;
  }
  return { ok: true, records: records.length, head: prev };
}

function bad(records: readonly DecisionRecord[], seq: number, reason: string): ChainVerification {
  return { ok: false, records: records.length, firstBadSeq: seq, reason };
}
