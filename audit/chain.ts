import { canonicalJson, readDecisionRecord, sha256Hex, GENESIS_HASH, type DecisionEntry, type DecisionRecord } from '../core/index.js';

/**
 * Record format versions. 1: the hash covers the record's JSON only (logs written before
 * 2026-11); 2: it also covers the idempotency key and the version, so every stored column
 * is either hashed or must equal a hashed field.
 */
export const RECORD_VERSION = 2;
export type RecordVersion = 1 | 2;

/** One row as a backend stores it: the index columns, the key, and the record's JSON. */
export interface StoredRow {
  version: number;
  seq: number;
  id: string;
  key: string | null;
  workflowId: string;
  findingId: string;
  step: string;
  prevHash: string;
  hash: string;
  record: string;
}

type Unhashed = Omit<DecisionRecord, 'hash'>;

/** The hash of a version-2 record: its fields (version included) and its idempotency key. */
export function recordHash(record: Unhashed, key: string | null): string {
  return sha256Hex(canonicalJson({ ...record, version: RECORD_VERSION, idempotencyKey: key }));
}

/** The hash of a version-1 record: every field but its own hash and the later `version`. */
export function legacyRecordHash(record: Unhashed): string {
  const { version: _version, ...v1 } = record;
  return sha256Hex(canonicalJson(v1));
}

export function chainRecord(entry: DecisionEntry, seq: number, id: string, prevHash: string, key: string | null): DecisionRecord {
  const unsigned = { ...entry, version: RECORD_VERSION, seq, id, prevHash };
  return { ...unsigned, hash: recordHash(unsigned, key) };
}

export function rowOf(record: DecisionRecord, key: string | null): StoredRow {
  return {
    version: record.version ?? 1,
    seq: record.seq,
    id: record.id,
    key,
    workflowId: record.workflowId,
    findingId: record.findingId,
    step: record.step,
    prevHash: record.prevHash,
    hash: record.hash,
    record: JSON.stringify(record),
  };
}

/** The typed record a row holds; the version column says how to read it (version-1 JSON has no version of its own). */
export function recordOf(row: Pick<StoredRow, 'version' | 'record'>): DecisionRecord {
  return readDecisionRecord(JSON.parse(row.record), row.version);
}

export type ChainVerification =
  | { ok: true; records: number; head: string; checkpoint?: { seq: number; keyId: string; at: string } }
  | { ok: false; records: number; firstBadSeq: number; reason: string };

/** Index columns (record field → stored column) that must repeat the hashed record's fields exactly. */
const COLUMNS = { seq: 'seq', id: 'id', workflowId: 'workflow_id', findingId: 'finding_id', step: 'step', prevHash: 'prev_hash', hash: 'hash' } as const;

/** Recomputes the chain from the genesis hash and names the first row that does not fit. */
export function verifyChain(rows: readonly StoredRow[]): ChainVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let newestVersion = 1;
  for (const row of rows) {
    const fail = (reason: string) => bad(rows, row.seq, reason);
    if (row.seq !== expectedSeq) return fail(`sequence gap: expected seq ${expectedSeq}, found ${row.seq}`);
    if (row.version !== 1 && row.version !== 2) return fail(`unknown record version ${row.version}`);
    // A version-1 row after a version-2 one is a downgrade: the weaker hash would leave its key column unprotected.
    if (row.version < newestVersion) return fail(`version ${row.version} after version ${newestVersion}: the row was altered`);
    newestVersion = row.version;
    let record: DecisionRecord;
    try {
      record = JSON.parse(row.record) as DecisionRecord;
    } catch {
      return fail('the record is not JSON: the row was altered');
    }
    if ((record.version ?? 1) !== row.version)
      return fail(`column version (${row.version}) differs from the hashed record (${record.version ?? 1}): the row was altered`);
    for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
      if (record[field] !== row[field])
        return fail(`column ${column} (${String(row[field])}) differs from the hashed record (${String(record[field])}): the row was altered`);
    }
    if (record.prevHash !== prev) return fail(`prevHash does not match the hash of seq ${row.seq - 1}`);
    const { hash, ...rest } = record;
    const expected = row.version === 1 ? legacyRecordHash(rest) : recordHash(rest, row.key);
    if (expected !== hash) return fail('content does not match its hash: the record was altered');
    prev = hash;
    expectedSeq += 1;
  }
  return { ok: true, records: rows.length, head: prev };
}

function bad(rows: readonly StoredRow[], seq: number, reason: string): ChainVerification {
  return { ok: false, records: rows.length, firstBadSeq: seq, reason };
}
