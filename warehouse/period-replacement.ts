import { queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE, INGEST_TABLE } from './schema.js';

/** Rows another name held for a period a new delivery restates, and that the delivery replaced. */
export interface ReplacedRows {
  /** the name the rows were held under (a path from `tollgate ingest`, another landing unit) */
  sourceFile: string;
  rows: number;
  /** the billing periods replaced, YYYY-MM */
  periods: string[];
}

const PERIOD = `coalesce(BillingPeriodStart, date_trunc('month', ChargePeriodStart))`;
const COVERED = 'tg_restated_periods';

/**
 * Inside a load's transaction, after the new rows are in: deletes the rows other names hold for the
 * billing periods the new rows restate, so the period decides what a delivery replaces, not the name
 * it arrives under. A period is one provider's billing account and billing period; within it, only
 * held rows whose charge falls in the days the delivery covers (first to last charge) are replaced,
 * so a month-to-date restatement replaces everything held so far and a delivery of one day replaces
 * that day. The replaced names' ingest records stay, with the rows they still hold (perhaps none):
 * content once superseded that arrives again (the old file touched, copied under a third name) is
 * the same bytes as held and changes nothing, rather than taking the period back.
 */
export async function replaceRestatedPeriods(db: Warehouse, ingestId: string, sourceFile: string): Promise<ReplacedRows[]> {
  await db.connection.run(`DROP TABLE IF EXISTS ${COVERED}`);
  await db.connection.run(
    `CREATE TEMP TABLE ${COVERED} AS
     SELECT ProviderName AS provider, BillingAccountId AS account, ${PERIOD} AS period,
            min(ChargePeriodStart) AS first_charge, max(ChargePeriodStart) AS last_charge
     FROM ${FOCUS_TABLE} WHERE x_ingest_id = $1 AND ${PERIOD} IS NOT NULL GROUP BY ALL`,
    [ingestId],
  );
  try {
    const held = `FROM ${FOCUS_TABLE} f JOIN ${COVERED} c
        ON f.ProviderName IS NOT DISTINCT FROM c.provider AND f.BillingAccountId IS NOT DISTINCT FROM c.account
       AND coalesce(f.BillingPeriodStart, date_trunc('month', f.ChargePeriodStart)) = c.period
       AND (f.ChargePeriodStart IS NULL OR f.ChargePeriodStart BETWEEN c.first_charge AND c.last_charge)
      WHERE f.x_source_file <> $1`;
    const replaced = await queryRows(
      db,
      `SELECT f.x_source_file AS source, count(*) AS rows, list(DISTINCT strftime(c.period, '%Y-%m') ORDER BY strftime(c.period, '%Y-%m')) AS periods
       ${held} GROUP BY f.x_source_file ORDER BY source`,
      [sourceFile],
    );
    if (replaced.length === 0) return [];
    await db.connection.run(`DELETE FROM ${FOCUS_TABLE} WHERE rowid IN (SELECT f.rowid ${held})`, [sourceFile]);
    for (const r of replaced) {
      const [left] = await queryRows(db, `SELECT count(*) AS n FROM ${FOCUS_TABLE} WHERE x_source_file = $1`, [String(r.source)]);
      await db.connection.run(`UPDATE ${INGEST_TABLE} SET rows = $2 WHERE source_file = $1`, [String(r.source), Number(left?.n ?? 0)]);
    }
    return replaced.map((r) => ({ sourceFile: String(r.source), rows: Number(r.rows), periods: (r.periods as string[]).map(String) }));
  } finally {
    await db.connection.run(`DROP TABLE IF EXISTS ${COVERED}`);
  }
}
