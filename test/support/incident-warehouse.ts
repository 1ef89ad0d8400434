import { seededRandom } from '../../core/index.js';
import { dateOfDay, dayNumber } from '../../detect/anomaly/index.js';
import { FOCUS_TABLE, openWarehouse } from '../../warehouse/index.js';

/** One line of spend in a test bill: its FOCUS keys and a daily cost. */
export interface BillLine {
  resource: string;
  service: string;
  team: string;
  env?: string;
  subAccount?: string;
  region?: string;
  dailyUsd: number;
}

/** A change on a line: from `fromDay` (0-based) for `days` days (default: to the end), cost times `factor`. */
export interface BillEvent {
  resource: string;
  fromDay: number;
  days?: number;
  factor: number;
}

const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Writes `days` days of a small AWS bill into the warehouse's FOCUS table: each line with ±2 %
 * seeded noise, and the events applied. The incidents the detector finds in it are the events'.
 */
export async function writeBill(path: string, options: { start: string; days: number; lines: BillLine[]; events?: BillEvent[]; seed?: number }): Promise<void> {
  const random = seededRandom(options.seed ?? 7);
  const first = dayNumber(options.start);
  const values: string[] = [];
  let row = 0;
  for (let d = 0; d < options.days; d++) {
    for (const line of options.lines) {
      const event = options.events?.find((e) => e.resource === line.resource && d >= e.fromDay && d < e.fromDay + (e.days ?? Infinity));
      const cost = Math.round(line.dailyUsd * (1 + 0.04 * (random() - 0.5)) * (event?.factor ?? 1) * 100) / 100;
      const tags = JSON.stringify({ team: line.team, env: line.env ?? 'prod' });
      values.push(
        `(${sql(`${dateOfDay(first + d)} 00:00:00`)}, ${cost}, 'USD', 'AWS', 'payer-1', ${sql(line.subAccount ?? 'acct-1')}, ${sql(line.service)}, ${sql(line.region ?? 'us-east-1')}, ${sql(line.resource)}, ${sql(tags)}, ${row++})`,
      );
    }
  }
  const db = await openWarehouse(path);
  try {
    for (let i = 0; i < values.length; i += 2000) {
      await db.connection.run(
        `INSERT INTO ${FOCUS_TABLE} (ChargePeriodStart, EffectiveCost, BillingCurrency, ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId, ResourceId, x_tags, x_source_row, x_source_file, x_source_part, x_ingest_id, x_format)
         SELECT CAST(t AS TIMESTAMP), c, cur, p, b, s, svc, r, res, CAST(tags AS JSON), n, 'test-bill', 0, 'incident-test', 'focus'
         FROM (VALUES ${values.slice(i, i + 2000).join(', ')}) v(t, c, cur, p, b, s, svc, r, res, tags, n)`,
      );
    }
  } finally {
    db.close();
  }
}
