import type { DecisionEntry, DecisionRecord, Step } from '../core/index.js';
import type { ChainVerification } from './chain.js';

/**
 * An append-only, hash-chained decision log. `append` is idempotent on `key`: a retried
 * activity that records the same step twice gets the first record back.
 */
/** Narrows `records()`; every field is optional and they combine with AND. */
export interface RecordFilter {
  workflowId?: string;
  findingId?: string;
  step?: Step;
  /** Workflow ids that start with this text: every workflow of one optimization run. */
  workflowIdPrefix?: string;
}

export interface AuditStore {
  append(entry: DecisionEntry, key?: string): Promise<DecisionRecord>;
  records(filter?: RecordFilter): Promise<DecisionRecord[]>;
  verify(): Promise<ChainVerification>;
  close(): Promise<void>;
}
