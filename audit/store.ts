import type { DecisionEntry, DecisionRecord } from '../core/index.js';
import type { ChainVerification } from './chain.js';

/**
 * An append-only, hash-chained decision log. `append` is idempotent on `key`: a retried
 * activity that records the same step twice gets the first record back.
 */
export interface AuditStore {
  append(entry: DecisionEntry, key?: string): Promise<DecisionRecord>;
  records(filter?: { workflowId?: string; findingId?: string }): Promise<DecisionRecord[]>;
  verify(): Promise<ChainVerification>;
  close(): Promise<void>;
}
