import { verifyChain, type ChainVerification, type StoredRow } from './chain.js';
import type { TrustedWriters } from './trusted-writers.js';
import { checkpointSignatureValid, type Checkpoint } from './writer-key.js';

/**
 * The whole proof: the chain recomputes from genesis, every checkpoint is signed by a trusted
 * writer and names a hash the chain really has, and no record lies beyond the newest checkpoint
 * (each append is checkpointed in its own transaction, so an uncovered record was not written
 * by a writer). A chain recomputed after an edit, a cut tail and a forged append all fail here.
 */
export function verifyLog(rows: readonly StoredRow[], checkpoints: readonly Checkpoint[], trusted: TrustedWriters): ChainVerification {
  const chain = verifyChain(rows);
  if (!chain.ok) return chain;
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  const lastSeq = rows.at(-1)?.seq ?? 0;
  const fail = (seq: number, reason: string): ChainVerification => ({ ok: false, records: rows.length, firstBadSeq: seq, reason });
  let covered: Checkpoint | undefined;
  for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    const publicKey = trusted.get(checkpoint.keyId);
    if (!publicKey) {
      return fail(
        checkpoint.seq,
        `the checkpoint of seq ${checkpoint.seq} is signed by ${checkpoint.keyId}, which is not a trusted writer key${trusted.size === 0 ? ' (no trusted writer keys are configured)' : ''}`,
      );
    }
    if (!checkpointSignatureValid(checkpoint, publicKey, checkpoint.signature))
      return fail(checkpoint.seq, `the checkpoint of seq ${checkpoint.seq} has an invalid signature by ${checkpoint.keyId}`);
    const row = bySeq.get(checkpoint.seq);
    if (!row)
      return fail(lastSeq + 1, `records after seq ${lastSeq} are missing: the last checkpoint covers seq ${Math.max(...checkpoints.map((c) => c.seq))}`);
    if (row.hash !== checkpoint.hash)
      return fail(checkpoint.seq, `seq ${checkpoint.seq} is not the record its writer signed: the chain was rewritten at or before seq ${checkpoint.seq}`);
    covered = checkpoint;
  }
  const coveredSeq = covered?.seq ?? 0;
  if (lastSeq > coveredSeq) {
    const legacy = rows.filter((row) => row.seq > coveredSeq).every((row) => row.version === 1);
    const why = legacy
      ? 'they were written before checkpoints existed (record version 1); the next append by a trusted writer covers them'
      : 'appended by something other than a trusted writer';
    return fail(coveredSeq + 1, `records after seq ${coveredSeq} are not covered by a signed checkpoint: ${why}`);
  }
  return { ...chain, ...(covered ? { checkpoint: { seq: covered.seq, keyId: covered.keyId, at: covered.at } } : {}) };
}
