import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DecisionEntrySchema, GENESIS_HASH, type DecisionEntry, type DecisionRecord } from '../core/index.js';
import { chainRecord, recordOf, rowOf, type ChainVerification, type StoredRow } from './chain.js';
import { redact } from './redact.js';
import { StoreKeys, type AuditStore, type AuditStoreOptions, type RecordFilter, type VerifyOptions } from './store.js';
import { verifyLog } from './verify-log.js';
import type { Checkpoint } from './writer-key.js';

interface Row {
  version: number;
  record: string;
}

const ROW_COLUMNS = 'version, seq, id, idempotency_key AS key, workflow_id AS workflowId, finding_id AS findingId, step, prev_hash AS prevHash, hash, record';
const CHECKPOINT_COLUMNS = 'seq, hash, at, key_id AS keyId, public_key AS publicKey, signature';

/** SQLite in WAL mode; each append is one IMMEDIATE transaction, so concurrent writers keep one chain. */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;
  private readonly keys: StoreKeys;

  constructor(path: string, options: AuditStoreOptions = {}) {
    this.keys = new StoreKeys(options);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.transaction(() => migrate(this.db)).immediate();
  }

  async append(entry: DecisionEntry, key?: string): Promise<DecisionRecord> {
    const clean = redact(DecisionEntrySchema.parse(entry));
    const writer = this.keys.writer();
    const tx = this.db.transaction((): DecisionRecord => {
      if (key) {
        const existing = this.db.prepare('SELECT version, record FROM decision_records WHERE idempotency_key = ?').get(key) as Row | undefined;
        if (existing) return recordOf(existing);
      }
      const last = this.db.prepare('SELECT seq, hash FROM decision_records ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const record = chainRecord(clean, (last?.seq ?? 0) + 1, randomUUID(), last?.hash ?? GENESIS_HASH, key ?? null);
      this.db
        .prepare(
          `INSERT INTO decision_records (version, seq, id, idempotency_key, workflow_id, finding_id, step, prev_hash, hash, record)
           VALUES (@version, @seq, @id, @key, @workflowId, @findingId, @step, @prevHash, @hash, @record)`,
        )
        .run(rowOf(record, key ?? null));
      if (writer) {
        const checkpoint = writer.sign({ seq: record.seq, hash: record.hash, at: new Date().toISOString() });
        this.db
          .prepare('INSERT INTO decision_checkpoints (seq, hash, at, key_id, public_key, signature) VALUES (@seq, @hash, @at, @keyId, @publicKey, @signature)')
          .run(checkpoint);
      }
      return record;
    });
    return tx.immediate();
  }

  async records(filter: RecordFilter = {}): Promise<DecisionRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT version, record FROM decision_records
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
    return rows.map(recordOf);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM decision_checkpoints ORDER BY seq`).all() as Checkpoint[];
  }

  async verify(options: VerifyOptions = {}): Promise<ChainVerification> {
    // One read transaction: a writer appending meanwhile cannot leave records and checkpoints out of step.
    const read = this.db.transaction(() => ({
      rows: this.db.prepare(`SELECT ${ROW_COLUMNS} FROM decision_records ORDER BY seq`).all() as StoredRow[],
      checkpoints: this.db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM decision_checkpoints ORDER BY seq`).all() as Checkpoint[],
    }));
    const { rows, checkpoints } = read.deferred();
    return verifyLog(rows, checkpoints, this.keys.trusted(options.trusted), options.anchors);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The schema this code writes; `PRAGMA user_version` says which one a file has. */
const SCHEMA_VERSION = 2;

/**
 * Creates the tables, or brings a version-1 file (no `version` column, no checkpoints) up to
 * version 2. Old rows keep version 1 and their old hashes, so they verify as they were written.
 */
function migrate(db: Database.Database): void {
  db.exec(`
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
    CREATE TABLE IF NOT EXISTS decision_checkpoints (
      seq INTEGER PRIMARY KEY,
      hash TEXT NOT NULL,
      at TEXT NOT NULL,
      key_id TEXT NOT NULL,
      public_key TEXT NOT NULL,
      signature TEXT NOT NULL
    );
  `);
  const columns = db.prepare("SELECT name FROM pragma_table_info('decision_records')").all() as { name: string }[];
  if (!columns.some((c) => c.name === 'version')) db.exec('ALTER TABLE decision_records ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION)
    throw new Error(`audit log schema version ${current} is newer than this Tollgate understands (${SCHEMA_VERSION}): upgrade Tollgate`);
  if (current < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
