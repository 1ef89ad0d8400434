import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollBillingSources } from '../../activities/billing-landing.js';
import { SqliteAuditStore, WriterKey } from '../../audit/index.js';
import type { BillingPollResult, BillingSourceReader } from '../../core/index.js';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { openWarehouse, queryRows } from '../../warehouse/index.js';

/** A warehouse, an audit log and a download cache in a fresh folder: what one installation lands into. */
export class LandingWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'tollgate-landing-'));
  readonly warehousePath = join(this.dir, 'warehouse.duckdb');
  readonly audit = new SqliteAuditStore(join(this.dir, 'audit.sqlite'), { writer: WriterKey.generate() });
  private polls = 0;

  poll(readers: readonly BillingSourceReader[]): Promise<BillingPollResult> {
    this.polls += 1;
    return pollBillingSources(readers, {
      warehousePath: this.warehousePath,
      cacheDir: join(this.dir, 'cache'),
      tagAliases: DEFAULT_POLICY.tags.aliases,
      audit: this.audit,
      clock: () => '2026-11-29T12:00:00.000Z',
      landingId: `test-poll-${this.polls}`,
    });
  }

  /** Everything the warehouse holds, as one comparable value: rows by source, their cost, the files. */
  async snapshot(): Promise<unknown> {
    const db = await openWarehouse(this.warehousePath);
    try {
      return {
        bySource: await queryRows(
          db,
          `SELECT x_source_file AS source, count(*) AS rows, round(sum(BilledCost)::DOUBLE, 6) AS billed FROM focus_rows GROUP BY ALL ORDER BY source`,
        ),
        files: await queryRows(db, `SELECT ingest_id, sha256, source_file, rows FROM ingest_files ORDER BY ingest_id`),
      };
    } finally {
      db.close();
    }
  }

  /** A file ingested by its path, as `tollgate ingest FILE --db` does. */
  async ingestByPath(file: string): Promise<void> {
    const db = await openWarehouse(this.warehousePath);
    try {
      await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
    } finally {
      db.close();
    }
  }

  /** Every row the warehouse holds, whatever its name: what a cost report adds up. */
  async totals(): Promise<{ rows: number; billed: number }> {
    const db = await openWarehouse(this.warehousePath);
    try {
      const [row] = await queryRows(db, 'SELECT count(*) AS rows, round(sum(BilledCost)::DOUBLE, 6) AS billed FROM focus_rows');
      return { rows: Number(row?.rows), billed: Number(row?.billed) };
    } finally {
      db.close();
    }
  }

  async landRecords() {
    return this.audit.records({ step: 'land' });
  }
}

/** What the content alone yields, ingested by path into a warehouse of its own: rows and billed cost. */
export async function ingestAlone(content: string | Buffer, name: string): Promise<{ rows: number; billed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-alone-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  const db = await openWarehouse(join(dir, 'w.duckdb'));
  try {
    await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
    const [row] = await queryRows(db, 'SELECT count(*) AS rows, round(sum(BilledCost)::DOUBLE, 6) AS billed FROM focus_rows');
    return { rows: Number(row?.rows), billed: Number(row?.billed) };
  } finally {
    db.close();
  }
}
