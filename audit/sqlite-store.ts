import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DecisionEntrySchema, GENESIS_HASH, type DecisionEntry, type DecisionRecord } from '../core/index.js';
import { chainRecord, verifyChain, type ChainVerification } from './chain.js';
import { redact } from './redact.js';
import type { AuditStore, RecordFilter } from './store.js';

interface Row {
  seq: number;
  record: string;
}

/** SQLite in WAL mode; each append is one IMMEDIATE transaction, so concurrent writers keep one chain. */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS decision_records (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT UNIQUE,
        workflow_id TEXT NOT NULL,
        finding_id TEXT NOT NULL,
        step TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS decision_records_workflow ON decision_records (workflow_id);
      CREATE INDEX IF NOT EXISTS decision_records_step ON decision_records (step, workflow_id);
    `);
  }

  async append(entry: DecisionEntry, key?: string): Promise<DecisionRecord> {
    const clean = redact(DecisionEntrySchema.parse(entry));
    const tx = this.db.transaction((): DecisionRecord => {
      if (key) {
        const existing = this.db.prepare('SELECT seq, record FROM decision_records WHERE idempotency_key = ?').get(key) as Row | undefined;
        if (existing) return JSON.parse(existing.record) as DecisionRecord;
      }
      const last = this.db.prepare('SELECT seq, hash FROM decision_records ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const record = chainRecord(clean, (last?.seq ?? 0) + 1, randomUUID(), last?.hash ?? GENESIS_HASH);
      this.db
        .prepare('INSERT INTO decision_records (seq, id, idempotency_key, workflow_id, finding_id, step, prev_hash, hash, record) VALUES (?,?,?,?,?,?,?,?,?)')
        .run(record.seq, record.id, key ?? null, record.workflowId, record.findingId, record.step, record.prevHash, record.hash, JSON.stringify(record));
      return record;
    });
    return tx.immediate();
  }

  async records(filter: RecordFilter = {}): Promise<DecisionRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT seq, record FROM decision_records
         WHERE (@workflowId IS NULL OR workflow_id = @workflowId) AND (@findingId IS NULL OR finding_id = @findingId) AND (@step IS NULL OR step = @step)
           AND (@prefix IS NULL OR (workflow_id >= @prefix AND workflow_id < @prefixEnd))
         ORDER BY seq`,
      )
      .all({
        workflowId: filter.workflowId ?? null,
        findingId: filter.findingId ?? null,
        step: filter.step ?? null,
        prefix: filter.workflowIdPrefix ?? null,
        // Text compares bytewise (BINARY): every id starting with the prefix sorts below prefix + U+10FFFF, and the range uses the index.
        prefixEnd: filter.workflowIdPrefix === undefined ? null : `${filter.workflowIdPrefix}\u{10FFFF}`,
      }) as Row[];
    return rows.map((r) => JSON.parse(r.record) as DecisionRecord);
  }

  async verify(): Promise<ChainVerification> {
    return verifyChain(await this.records());
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
