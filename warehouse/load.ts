import { WAREHOUSE_FOCUS_COLUMN_NAMES } from '../core/index.js';
import { ident, literal, queryRows, type Warehouse } from './connection.js';
import { DataError } from './data-error.js';
import { queryRowsTracked, type ProgressTracking } from './query-progress.js';
import { replaceRestatedPeriods, type ReplacedRows } from './period-replacement.js';
import { FOCUS_TABLE, INGEST_TABLE } from './schema.js';
import { tagNormalizationMacros } from './tag-normalization.js';

export interface LoadRequest {
  sourceFile: string;
  sha256: string;
  format: string;
  /** A SELECT yielding every FOCUS column by name plus x_source_row, x_source_part and x_tags_raw (JSON text). */
  selectSql: string;
  tagAliases: Record<string, readonly string[]>;
  /** DuckDB's meter on the insert, which scans the staged records once */
  tracking?: ProgressTracking;
  /**
   * Also replace what other names hold for the billing periods these rows restate (a billing
   * landing: the period decides, not the object name). Without it only the same name is replaced.
   */
  replacePeriods?: boolean;
}

export interface LoadResult {
  status: 'loaded' | 'unchanged';
  ingestId: string;
  rows: number;
  /** rows this load replaced: an earlier version under the same name, and (replacePeriods) the restated periods' rows under other names */
  replacedRows: number;
  /** the rows of other names it replaced, by name (replacePeriods only) */
  replaced: ReplacedRows[];
}

/** The ingest id is derived from the content, so the same bytes always get the same id. */
export function ingestIdFor(sha256: string): string {
  return `ing_${sha256.slice(0, 16)}`;
}

export async function alreadyIngested(db: Warehouse, sha256: string): Promise<{ ingestId: string; rows: number } | undefined> {
  const [row] = await queryRows(db, `SELECT ingest_id, rows FROM ${INGEST_TABLE} WHERE sha256 = $1`, [sha256]);
  return row ? { ingestId: String(row.ingest_id), rows: Number(row.rows) } : undefined;
}

/** Every file held, by SHA-256: a few rows per file, read once before a file is hashed. */
export async function ingestedDigests(db: Warehouse): Promise<Map<string, { ingestId: string; rows: number; format: string; sourceFile: string }>> {
  const rows = await queryRows(db, `SELECT sha256, ingest_id, rows, format, source_file FROM ${INGEST_TABLE}`);
  return new Map(
    rows.map((r) => [String(r.sha256), { ingestId: String(r.ingest_id), rows: Number(r.rows), format: String(r.format), sourceFile: String(r.source_file) }]),
  );
}

/**
 * Loads one file's rows in one transaction: the same content again changes nothing; a new version of
 * the same path replaces the old rows (and, with replacePeriods, so does a restatement of a period
 * another name holds); any error (including a currency clash with rows already held)
 * rolls back and leaves the database exactly as it was.
 */
export async function loadFile(db: Warehouse, request: LoadRequest): Promise<LoadResult> {
  const ingestId = ingestIdFor(request.sha256);
  const previous = await alreadyIngested(db, request.sha256);
  if (previous) return { status: 'unchanged', ingestId: previous.ingestId, rows: previous.rows, replacedRows: 0, replaced: [] };

  for (const macro of tagNormalizationMacros(request.tagAliases)) await db.connection.run(macro);
  const focusList = WAREHOUSE_FOCUS_COLUMN_NAMES.map(ident).join(', ');
  await db.connection.run('BEGIN TRANSACTION');
  try {
    const [sameName] = await queryRows(db, `SELECT count(*) AS n FROM ${FOCUS_TABLE} WHERE x_source_file = $1`, [request.sourceFile]);
    await db.connection.run(`DELETE FROM ${FOCUS_TABLE} WHERE x_source_file = $1`, [request.sourceFile]);
    await db.connection.run(`DELETE FROM ${INGEST_TABLE} WHERE source_file = $1`, [request.sourceFile]);
    await queryRowsTracked(
      db.connection,
      `INSERT INTO ${FOCUS_TABLE} (${focusList}, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format, x_tags_raw, x_tags)
       SELECT ${WAREHOUSE_FOCUS_COLUMN_NAMES.map((c) => `s.${ident(c)}`).join(', ')}, ${literal(request.sourceFile)}, s.x_source_row, s.x_source_part,
              ${literal(ingestId)}, ${literal(request.format)}, s.x_tags_raw, tg_normalize_tags(s.x_tags_raw)
       FROM (${request.selectSql}) s`,
      request.tracking,
    );
    const [inserted] = await queryRows(
      db,
      `SELECT count(*) AS n, arg_min(x_source_row, x_source_row) FILTER (WHERE ChargePeriodStart > ChargePeriodEnd) AS inverted_row,
              arg_min(ChargePeriodStart::VARCHAR || ' > ' || ChargePeriodEnd::VARCHAR, x_source_row) FILTER (WHERE ChargePeriodStart > ChargePeriodEnd) AS inverted
       FROM ${FOCUS_TABLE} WHERE x_ingest_id = $1`,
      [ingestId],
    );
    if (inserted?.inverted_row !== null && inserted?.inverted_row !== undefined) {
      throw new DataError(
        'the charge period starts after it ends',
        {
          file: request.sourceFile,
          row: Number(inserted.inverted_row),
          column: 'ChargePeriodStart',
          expected: 'start ≤ end',
          found: String(inserted.inverted),
        },
        'The start and end columns may be swapped, or one of them is in another time zone: fix the export',
      );
    }
    const replaced = request.replacePeriods ? await replaceRestatedPeriods(db, ingestId, request.sourceFile) : [];
    await assertOneCurrencyPerBillingAccount(db, ingestId, request.sourceFile);
    await db.connection.run(`INSERT INTO ${INGEST_TABLE} VALUES ($1, $2, $3, $4, $5, now()::TIMESTAMP)`, [
      ingestId,
      request.sha256,
      request.sourceFile,
      request.format,
      Number(inserted?.n ?? 0),
    ]);
    await db.connection.run('COMMIT');
    const replacedRows = Number(sameName?.n ?? 0) + replaced.reduce((sum, r) => sum + r.rows, 0);
    return { status: 'loaded', ingestId, rows: Number(inserted?.n ?? 0), replacedRows, replaced };
  } catch (error) {
    await db.connection.run('ROLLBACK');
    throw error;
  }
}

/** A billing account is invoiced in one currency; two mean a wrong mapping or a mixed-up export. */
async function assertOneCurrencyPerBillingAccount(db: Warehouse, ingestId: string, sourceFile: string): Promise<void> {
  const [clash] = await queryRows(
    db,
    `WITH touched AS (SELECT DISTINCT BillingAccountId FROM ${FOCUS_TABLE} WHERE x_ingest_id = $1),
          per_account AS (
            SELECT f.BillingAccountId, list(DISTINCT f.BillingCurrency ORDER BY f.BillingCurrency) AS currencies
            FROM ${FOCUS_TABLE} f JOIN touched t ON f.BillingAccountId IS NOT DISTINCT FROM t.BillingAccountId
            GROUP BY f.BillingAccountId HAVING count(DISTINCT f.BillingCurrency) > 1)
     SELECT p.BillingAccountId AS account, p.currencies::VARCHAR AS currencies,
            (SELECT min(x_source_row) FROM ${FOCUS_TABLE} f WHERE f.x_ingest_id = $1 AND f.BillingAccountId IS NOT DISTINCT FROM p.BillingAccountId
               AND f.BillingCurrency <> (SELECT min(BillingCurrency) FROM ${FOCUS_TABLE} g WHERE g.BillingAccountId IS NOT DISTINCT FROM p.BillingAccountId)) AS row
     FROM per_account p LIMIT 1`,
    [ingestId],
  );
  if (!clash) return;
  throw new DataError(
    `billing account ${String(clash.account)} would hold more than one currency ${String(clash.currencies)}`,
    { file: sourceFile, row: clash.row === null ? undefined : Number(clash.row), column: 'BillingCurrency' },
    'One billing account is invoiced in one currency: check the export, or that two files do not share an account id',
  );
}
