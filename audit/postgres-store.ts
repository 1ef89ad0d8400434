import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DecisionEntrySchema, GENESIS_HASH, type DecisionEntry, type DecisionRecord } from '../core/index.js';
import { chainRecord, recordOf, rowOf, type ChainVerification, type StoredRow } from './chain.js';
import { redact } from './redact.js';
import { StoreKeys, type AuditStore, type AuditStoreOptions, type RecordFilter, type VerifyOptions } from './store.js';
import { verifyLog } from './verify-log.js';
import type { Checkpoint } from './writer-key.js';

export interface PostgresAuditOptions extends AuditStoreOptions {
  /** postgres://user@host:port/db; ignored when `pool` is given. */
  connectionString?: string;
  /** Share a pool the caller owns; close() then leaves it open. */
  pool?: pg.Pool;
  /** Tables go into this schema (created if missing). */
  schema?: string;
}

// Any constant works: it only has to be the same for every Tollgate process creating the tables.
const SCHEMA_LOCK_KEY = 0x70a11a7e;

/**
 * The decision log on PostgreSQL. Every append runs in one transaction that first locks the
 * single row of `decision_log_head` (SELECT ... FOR UPDATE): writers from any number of pools
 * or processes queue on that row, so each one chains onto the hash the previous one committed.
 */
export class PostgresAuditStore implements AuditStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;
  private ready: Promise<void> | undefined;
  private closed = false;
  private readonly keys: StoreKeys;

  constructor(options: PostgresAuditOptions) {
    if (!options.pool && !options.connectionString) throw new Error('PostgresAuditStore needs a connectionString or a pool');
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 4 });
    this.ownsPool = !options.pool;
    // An idle connection the server closes (a restart, a failover, a shutdown) is dropped by the pool
    // and the next query opens another; unhandled, pg re-raises it and takes the whole worker down.
    if (this.ownsPool) this.pool.on('error', () => undefined);
    this.schema = quoteIdent(options.schema ?? 'public');
    this.keys = new StoreKeys(options);
  }

  async append(entry: DecisionEntry, key?: string): Promise<DecisionRecord> {
    await this.ensureSchema();
    const clean = redact(DecisionEntrySchema.parse(entry));
    const writer = this.keys.writer();
    return this.transaction(async (client) => {
      const head = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${this.schema}.decision_log_head WHERE id = 1 FOR UPDATE`);
      // The key is looked up under the head lock, so two writers racing with one key cannot both insert.
      if (key) {
        const existing = await client.query<{ version: number; record: string }>(
          `SELECT version, record FROM ${this.schema}.decision_records WHERE idempotency_key = $1`,
          [key],
        );
        if (existing.rows[0]) return recordOf(existing.rows[0]);
      }
      const last = head.rows[0]!;
      const record = chainRecord(clean, Number(last.seq) + 1, randomUUID(), last.hash, key ?? null);
      const row = rowOf(record, key ?? null);
      await client.query(
        `INSERT INTO ${this.schema}.decision_records (version, seq, id, idempotency_key, workflow_id, finding_id, step, prev_hash, hash, record)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [row.version, row.seq, row.id, row.key, row.workflowId, row.findingId, row.step, row.prevHash, row.hash, row.record],
      );
      await client.query(`UPDATE ${this.schema}.decision_log_head SET seq = $1, hash = $2 WHERE id = 1`, [record.seq, record.hash]);
      if (writer) {
        const c = writer.sign({ seq: record.seq, hash: record.hash, at: new Date().toISOString() });
        await client.query(`INSERT INTO ${this.schema}.decision_checkpoints (seq, hash, at, key_id, public_key, signature) VALUES ($1,$2,$3,$4,$5,$6)`, [
          c.seq,
          c.hash,
          c.at,
          c.keyId,
          c.publicKey,
          c.signature,
        ]);
      }
      return record;
    });
  }

  async records(filter: RecordFilter = {}): Promise<DecisionRecord[]> {
    await this.ensureSchema();
    const result = await this.pool.query<{ version: number; record: string }>(
      `SELECT version, record FROM ${this.schema}.decision_records
       WHERE ($1::text IS NULL OR workflow_id = $1) AND ($2::text IS NULL OR finding_id = $2) AND ($3::text IS NULL OR step = $3)
         AND ($4::text IS NULL OR starts_with(workflow_id, $4))
       ORDER BY seq`,
      [filter.workflowId ?? null, filter.findingId ?? null, filter.step ?? null, filter.workflowIdPrefix ?? null],
    );
    return result.rows.map(recordOf);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    await this.ensureSchema();
    return this.readCheckpoints(this.pool);
  }

  async verify(options: VerifyOptions = {}): Promise<ChainVerification> {
    await this.ensureSchema();
    // One snapshot (REPEATABLE READ): an append committing meanwhile cannot leave records and checkpoints out of step.
    const { rows, checkpoints } = await this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const records = await client.query<StoredRow & { seq: string }>(
        `SELECT version, seq, id, idempotency_key AS key, workflow_id AS "workflowId", finding_id AS "findingId", step, prev_hash AS "prevHash", hash, record
         FROM ${this.schema}.decision_records ORDER BY seq`,
      );
      return { rows: records.rows.map((r) => ({ ...r, seq: Number(r.seq) })), checkpoints: await this.readCheckpoints(client) };
    });
    return verifyLog(rows, checkpoints, this.keys.trusted(options.trusted), options.anchors);
  }

  private async readCheckpoints(client: pg.Pool | pg.PoolClient): Promise<Checkpoint[]> {
    const result = await client.query<Checkpoint & { seq: string }>(
      `SELECT seq, hash, at, key_id AS "keyId", public_key AS "publicKey", signature FROM ${this.schema}.decision_checkpoints ORDER BY seq`,
    );
    return result.rows.map((c) => ({ ...c, seq: Number(c.seq) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }

  private ensureSchema(): Promise<void> {
    this.ready ??= this.transaction(async (client) => {
      // CREATE ... IF NOT EXISTS still races between sessions; the advisory lock serializes first starts.
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      // A store already at this version takes no table lock: CREATE INDEX and ALTER TABLE lock
      // decision_records even when they change nothing, and a second worker starting while the
      // first appends (head row locked, records read) would deadlock with it.
      if (await this.schemaIsCurrent(client)) return;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.schema}.decision_records (
          seq BIGINT PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          idempotency_key TEXT UNIQUE,
          workflow_id TEXT NOT NULL,
          finding_id TEXT NOT NULL,
          step TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL,
          record TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS decision_records_workflow ON ${this.schema}.decision_records (workflow_id);
        CREATE INDEX IF NOT EXISTS decision_records_finding ON ${this.schema}.decision_records (finding_id);
        CREATE INDEX IF NOT EXISTS decision_records_step ON ${this.schema}.decision_records (step, workflow_id);
        CREATE TABLE IF NOT EXISTS ${this.schema}.decision_log_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq BIGINT NOT NULL,
          hash TEXT NOT NULL
        );
        -- Version 2 (audit/chain.ts): rows written before it keep version 1 and their old hashes.
        ALTER TABLE ${this.schema}.decision_records ADD COLUMN IF NOT EXISTS version INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE IF NOT EXISTS ${this.schema}.decision_checkpoints (
          seq BIGINT PRIMARY KEY,
          hash TEXT NOT NULL,
          at TEXT NOT NULL,
          key_id TEXT NOT NULL,
          public_key TEXT NOT NULL,
          signature TEXT NOT NULL
        );
      `);
      await client.query(`INSERT INTO ${this.schema}.decision_log_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING`, [GENESIS_HASH]);
    }).catch((error: unknown) => {
      this.ready = undefined; // let the next call retry, e.g. once the server is up
      throw error;
    });
    return this.ready;
  }

  /** Every table, the version column and the head row exist (the last thing a first start writes). */
  private async schemaIsCurrent(client: pg.PoolClient): Promise<boolean> {
    const result = await client.query<{ current: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL
          AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($3) AND attname = 'version' AND NOT attisdropped)
          AS current`,
      [`${this.schema}.decision_log_head`, `${this.schema}.decision_checkpoints`, `${this.schema}.decision_records`],
    );
    if (!result.rows[0]?.current) return false;
    const head = await client.query(`SELECT 1 FROM ${this.schema}.decision_log_head WHERE id = 1`);
    return head.rowCount === 1;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid PostgreSQL schema name "${name}": use letters, digits and _`);
  return `"${name}"`;
}
