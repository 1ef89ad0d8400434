import { literal, queryRows, type Warehouse } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';
import { periodFilter, periodParams } from './costs-by-group.js';

export interface UnitCost {
  key: string;
  currency: string | null;
  effectiveCost: number;
  quantity: number;
  /** null when the metric is zero for the key: a cost per nothing is not a number */
  costPerUnit: number | null;
}

/**
 * Unit economics: a metric CSV `date,<tag key>,<metric name>` (e.g. `date,team,requests`) joined with
 * daily EffectiveCost by that normalized tag and day. Only days present in both count.
 */
export async function unitCosts(
  db: Warehouse,
  metricFile: string,
  query: { from?: string; to?: string } = {},
): Promise<{ tagKey: string; metric: string; rows: UnitCost[] }> {
  const header = await queryRows(db, `DESCRIBE SELECT * FROM read_csv(${literal(metricFile)}, header = true)`);
  if (header.length !== 3)
    throw new Error(`${metricFile}: expected three columns date,<tag key>,<metric>; found ${header.map((h) => h.column_name).join(',')}`);
  const [dateColumn, tagKey, metric] = header.map((h) => String(h.column_name)) as [string, string, string];
  const rows = await queryRows(
    db,
    `WITH metric AS (
       SELECT CAST("${dateColumn}" AS DATE) AS day, CAST("${tagKey}" AS VARCHAR) AS key, sum(CAST("${metric}" AS DOUBLE)) AS quantity
       FROM read_csv(${literal(metricFile)}, header = true) GROUP BY ALL),
     cost AS (
       SELECT CAST(ChargePeriodStart AS DATE) AS day, ${tagValue(tagKey)} AS key, BillingCurrency AS currency, sum(EffectiveCost)::DOUBLE AS cost
       FROM ${FOCUS_TABLE} WHERE ${periodFilter(query)} GROUP BY ALL)
     SELECT m.key, c.currency, sum(c.cost) AS cost, sum(m.quantity) AS quantity
     FROM metric m JOIN cost c ON c.day = m.day AND c.key = m.key GROUP BY ALL ORDER BY cost DESC`,
    periodParams(query),
  );
  return {
    tagKey,
    metric,
    rows: rows.map((r) => {
      const quantity = Number(r.quantity ?? 0);
      const cost = Number(r.cost ?? 0);
      return {
        key: String(r.key),
        currency: (r.currency as string | null) ?? null,
        effectiveCost: cost,
        quantity,
        costPerUnit: quantity === 0 ? null : cost / quantity,
      };
    }),
  };
}
