import { literal, queryRows, type Warehouse } from './connection.js';
import { ADDS_TO_A_TOTAL } from './currency-sql.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';

/** One distinct combination of routing tags in the bill, with an example of where it was seen. */
export interface BillRoutingTagSet {
  /** the source tags whose key (trimmed, lower case) is one of the keys asked for, as the bill spells them */
  tags: Record<string, string>;
  /** the normalized `team` and `owner` values the warehouse holds (what incidents are cut by, allocation included) */
  team: string | null;
  owner: string | null;
  /** an example line: its resource (when it has one) and billing account */
  resource: string | null;
  account: string | null;
  rows: number;
}

export interface BillRoutingTags {
  /** the days read: the `days` up to the bill's last charge day; undefined for an empty bill */
  window?: { from: string; to: string };
  sets: BillRoutingTagSet[];
}

/**
 * The owner/team tag combinations of the bill's recent lines: the values anomaly alerts are routed
 * by. Bounded by a window that ends at the bill's own last day (never today's date), and read as
 * distinct combinations, so a 2M-row bill gives a handful of rows. `sourceKeys` are the lower-case
 * source keys that stand for owner or team (the policy's aliases included); keys are compared
 * trimmed and case-insensitively, so `Team` and `team` on one line both come back.
 */
export async function billRoutingTags(db: Warehouse, options: { sourceKeys: readonly string[]; days: number }): Promise<BillRoutingTags> {
  const [last] = await queryRows(
    db,
    `SELECT strftime(max(CAST(ChargePeriodStart AS DATE)), '%Y-%m-%d') AS last FROM ${FOCUS_TABLE} WHERE ChargePeriodStart IS NOT NULL AND ${ADDS_TO_A_TOTAL}`,
  );
  if (last?.last === null || last?.last === undefined) return { sets: [] };
  const to = String(last.last);
  const [first] = await queryRows(db, `SELECT strftime(CAST($1 AS DATE) - CAST($2 AS INTEGER) + 1, '%Y-%m-%d') AS d`, [to, options.days]);
  const from = String(first!.d);
  const keyList = `[${options.sourceKeys.map((k) => literal(k.trim().toLowerCase())).join(', ')}]::VARCHAR[]`;
  const rows = await queryRows(
    db,
    `SELECT to_json(map_from_entries(list_sort(list_filter(
              CASE WHEN json_type(x_tags_raw) = 'OBJECT' THEN map_entries(json_transform(x_tags_raw, '"MAP(VARCHAR, VARCHAR)"')) ELSE [] END,
              e -> list_contains(${keyList}, lower(trim(e.key))) AND e.value IS NOT NULL))))::VARCHAR AS tags,
            ${tagValue('team')} AS team, ${tagValue('owner')} AS owner,
            min(ResourceId) AS resource, min(BillingAccountId) AS account, count(*) AS rows
     FROM ${FOCUS_TABLE}
     WHERE ChargePeriodStart IS NOT NULL AND ${ADDS_TO_A_TOTAL}
       AND CAST(ChargePeriodStart AS DATE) BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
     GROUP BY ALL ORDER BY rows DESC, resource, account`,
    [from, to],
  );
  return {
    window: { from, to },
    sets: rows.map((r) => ({
      tags: JSON.parse(String(r.tags ?? '{}')) as Record<string, string>,
      team: r.team === null ? null : String(r.team),
      owner: r.owner === null ? null : String(r.owner),
      resource: r.resource === null ? null : String(r.resource),
      account: r.account === null ? null : String(r.account),
      rows: Number(r.rows),
    })),
  };
}
