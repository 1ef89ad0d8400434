import { queryRows, type Warehouse } from './connection.js';

/**
 * What each billing source has landed, unit by unit (docs/billing-landing.md): the fingerprint says
 * whether to look at a unit again, the SHA-256 whether its content is new. It sits beside the rows
 * it describes, in the warehouse, and changes in a transaction of its own.
 */
export const LANDING_TABLE = 'landed_units';

const LANDING_DDL = `CREATE TABLE IF NOT EXISTS ${LANDING_TABLE} (
  source VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,
  fingerprint VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  ingest_id VARCHAR NOT NULL,
  period VARCHAR,
  manifest VARCHAR,
  objects JSON NOT NULL,
  landed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (source, unit)
)`;

export interface LandedUnitRow {
  source: string;
  unit: string;
  fingerprint: string;
  sha256: string;
  ingestId: string;
  period: string | null;
  manifest: string | null;
  objects: string[];
  landedAt: string;
}

export async function ensureLandingLedger(db: Warehouse): Promise<void> {
  await db.connection.run(LANDING_DDL);
}

/** The units a source has landed, by unit name. */
export async function landedUnits(db: Warehouse, source: string): Promise<Map<string, LandedUnitRow>> {
  await ensureLandingLedger(db);
  const rows = await queryRows(db, `SELECT * FROM ${LANDING_TABLE} WHERE source = $1`, [source]);
  return new Map(
    rows.map((r) => [
      String(r.unit),
      {
        source: String(r.source),
        unit: String(r.unit),
        fingerprint: String(r.fingerprint),
        sha256: String(r.sha256),
        ingestId: String(r.ingest_id),
        period: r.period === null ? null : String(r.period),
        manifest: r.manifest === null ? null : String(r.manifest),
        objects: JSON.parse(String(r.objects)) as string[],
        landedAt: String(r.landed_at),
      },
    ]),
  );
}

/** Records (or moves forward) one unit's landing, all or nothing. */
export async function recordLandedUnit(db: Warehouse, row: LandedUnitRow): Promise<void> {
  await ensureLandingLedger(db);
  await db.connection.run('BEGIN TRANSACTION');
  try {
    await db.connection.run(`DELETE FROM ${LANDING_TABLE} WHERE source = $1 AND unit = $2`, [row.source, row.unit]);
    await db.connection.run(`INSERT INTO ${LANDING_TABLE} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::TIMESTAMP)`, [
      row.source,
      row.unit,
      row.fingerprint,
      row.sha256,
      row.ingestId,
      row.period,
      row.manifest,
      JSON.stringify(row.objects),
      row.landedAt.replace('Z', ''),
    ]);
    await db.connection.run('COMMIT');
  } catch (error) {
    await db.connection.run('ROLLBACK');
    throw error;
  }
}
