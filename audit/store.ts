import type { DecisionEntry, DecisionRecord, Step } from '../core/index.js';
import type { ChainVerification } from './chain.js';
import type { TrustedWriters } from './trusted-writers.js';
import type { Checkpoint, WriterKey } from './writer-key.js';

/** Narrows `records()`; every field is optional and they combine with AND. */
export interface RecordFilter {
  workflowId?: string;
  findingId?: string;
  step?: Step;
  /** Workflow ids that start with this text: every workflow of one optimization run. */
  workflowIdPrefix?: string;
}

/** How a store signs what it appends and whom its verify trusts; both are read on first use. */
export interface AuditStoreOptions {
  /** This process's writer key: each append is followed, in its transaction, by a checkpoint it signs. */
  writer?: WriterKey | (() => WriterKey);
  /** The keys whose checkpoints verify accepts; default: the writer's own key alone. */
  trusted?: TrustedWriters | (() => TrustedWriters);
}

export interface VerifyOptions {
  trusted?: TrustedWriters;
  /** Heads anchored outside the database (audit/anchor.ts): each must be on the chain. */
  anchors?: readonly Checkpoint[];
}

/**
 * An append-only, hash-chained decision log. `append` is idempotent on `key`: a retried
 * activity that records the same step twice gets the first record back.
 */
export interface AuditStore {
  append(entry: DecisionEntry, key?: string): Promise<DecisionRecord>;
  records(filter?: RecordFilter): Promise<DecisionRecord[]>;
  /** Signed heads, oldest first. */
  checkpoints(): Promise<Checkpoint[]>;
  verify(options?: VerifyOptions): Promise<ChainVerification>;
  close(): Promise<void>;
}

/** Resolves the lazy options once, on first use, so read-only commands never make a key. */
export class StoreKeys {
  private writerKey: WriterKey | undefined;
  private trustedKeys: TrustedWriters | undefined;

  constructor(private readonly options: AuditStoreOptions) {}

  writer(): WriterKey | undefined {
    const { writer } = this.options;
    this.writerKey ??= typeof writer === 'function' ? writer() : writer;
    return this.writerKey;
  }

  trusted(override?: TrustedWriters): TrustedWriters {
    if (override) return override;
    const { trusted } = this.options;
    this.trustedKeys ??= typeof trusted === 'function' ? trusted() : trusted;
    if (this.trustedKeys) return this.trustedKeys;
    const own = this.writer();
    return own ? new Map([[own.keyId, own.publicKey]]) : new Map();
  }
}
