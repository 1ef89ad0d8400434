import { verifyChain, type ChainVerification, type StoredRow } from './chain.js';
import type { TrustedWriters } from './trusted-writers.js';
import { checkpointSignatureValid, type Checkpoint } from './writer-key.js';

/**
 * The whole proof: the chain recomputes from genesis; every checkpoint (and every head anchored
 * outside the database) is signed by a trusted writer and names a hash the chain really has; and
 * no record lies beyond the newest checkpoint (each append is checkpointed in its own transaction,
 * so an uncovered record was not written by a writer). A chain recomputed after an edit, a cut
 * tail and a forged append all fail here.
 */
export function verifyLog(
  rows: readonly StoredRow[],
  checkpoints: readonly Checkpoint[],
  trusted: TrustedWriters,
  anchors: readonly Checkpoint[] = [],
): ChainVerification {
  const chain = verifyChain(rows);
  if (!chain.ok) return chain;
  const hashAt = new Map(rows.map((row) => [row.seq, row.hash]));
  const lastSeq = rows.at(-1)?.seq ?? 0;
  const fail = (seq: number, reason: string): ChainVerification => ({ ok: false, records: rows.length, firstBadSeq: seq, reason });

  const signedHeads = (heads: readonly Checkpoint[], what: 'checkpoint' | 'anchored head'): ChainVerification | undefined => {
    const newest = Math.max(0, ...heads.map((c) => c.seq));
    for (const head of [...heads].sort((a, b) => a.seq - b.seq)) {
      const publicKey = trusted.get(head.keyId);
      if (!publicKey) {
        const none = trusted.size === 0 ? ' (no trusted writer keys are configured)' : '';
        return fail(head.seq, `the ${what} of seq ${head.seq} is signed by ${head.keyId}, which is not a trusted writer key${none}`);
      }
      if (!checkpointSignatureValid(head, publicKey, head.signature))
        return fail(head.seq, `the ${what} of seq ${head.seq} has an invalid signature by ${head.keyId}`);
      if (head.seq > lastSeq) return fail(lastSeq + 1, `records after seq ${lastSeq} are missing: the last ${what} covers seq ${newest}`);
      if (hashAt.get(head.seq) !== head.hash) {
        return fail(head.seq, `seq ${head.seq} is not the record its writer signed: the chain was rewritten at or before seq ${head.seq}`);
      }
    }
    return undefined;
  };

  const broken = signedHeads(checkpoints, 'checkpoint') ?? signedHeads(anchors, 'anchored head');
  if (broken) return broken;
  const covered = checkpoints.reduce<Checkpoint | undefined>((newest, c) => (!newest || c.seq > newest.seq ? c : newest), undefined);
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
