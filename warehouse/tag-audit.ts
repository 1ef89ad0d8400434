import { queryRows, type Warehouse } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';

/** A line's contribution to gross cost: its EffectiveCost when positive, else nothing. */
const GROSS = 'greatest(EffectiveCost, 0)';

/** Credits below this share of gross cost are not worth a line of their own. */
export const MATERIAL_CREDIT_SHARE = 0.01;

export interface TagAudit {
  required: string[];
  /** sum of positive EffectiveCost lines: what was charged before credits, the base of every cost share */
  grossCost: number;
  /** sum of all EffectiveCost lines (gross plus credits) */
  netCost: number;
  /** negative EffectiveCost lines (credits, refunds, negative corrections): their sum (≤ 0) and size against gross */
  credits: { cost: number; shareOfGross: number; material: boolean };
  totalResources: number;
  /** per required key: share of gross cost and of resources carrying it; each within [0, 1] */
  keys: { key: string; costShare: number; resourceShare: number }[];
  /** share carrying every required key */
  compliant: { costShare: number; resourceShare: number };
  topUntagged: { resourceId: string; service: string | null; subAccount: string | null; missing: string[]; effectiveCost: number }[];
  offendersByAccount: { subAccount: string | null; untaggedCost: number; untaggedResources: number }[];
}

/**
 * Tag compliance against the policy's required keys, measured on normalized tags. Cost shares are of
 * gross cost (positive EffectiveCost lines): credits carry no resource tags and would push a share
 * of net cost past 100 %, so they are counted apart (docs/data-dictionary.md, Tag audit).
 */
export async function tagAudit(db: Warehouse, required: readonly string[], top = 10): Promise<TagAudit> {
  const has = (key: string) => `(${tagValue(key)} IS NOT NULL AND ${tagValue(key)} <> '')`;
  const missingList = `list_filter([${required.map((k) => `CASE WHEN NOT ${has(k)} THEN '${k.replaceAll("'", "''")}' END`).join(', ')}], x -> x IS NOT NULL)`;
  const base = `SELECT *, ${required.length ? missingList : '[]::VARCHAR[]'} AS missing FROM ${FOCUS_TABLE}`;
  const [totals] = await queryRows(
    db,
    `WITH b AS (${base}) SELECT sum(${GROSS})::DOUBLE AS gross, sum(EffectiveCost)::DOUBLE AS net, sum(EffectiveCost) FILTER (EffectiveCost < 0)::DOUBLE AS credits,
       count(DISTINCT ResourceId) AS resources,
       sum(${GROSS}) FILTER (len(missing) = 0)::DOUBLE AS compliant_cost, count(DISTINCT ResourceId) FILTER (len(missing) = 0) AS compliant_resources FROM b`,
  );
  const grossCost = Number(totals?.gross ?? 0);
  const credits = Number(totals?.credits ?? 0);
  const totalResources = Number(totals?.resources ?? 0);
  const share = (part: unknown, whole: number) => (whole === 0 ? 0 : Number(part ?? 0) / whole);
  const keys = [];
  for (const key of required) {
    const [row] = await queryRows(
      db,
      `SELECT sum(${GROSS}) FILTER (${has(key)})::DOUBLE AS cost, count(DISTINCT ResourceId) FILTER (${has(key)}) AS resources FROM ${FOCUS_TABLE}`,
    );
    keys.push({ key, costShare: share(row?.cost, grossCost), resourceShare: share(row?.resources, totalResources) });
  }
  const untagged = await queryRows(
    db,
    `WITH b AS (${base}) SELECT ResourceId, any_value(ServiceName) AS service, any_value(SubAccountId) AS sub, list_distinct(flatten(list(missing))) AS missing,
       sum(EffectiveCost)::DOUBLE AS cost FROM b WHERE len(missing) > 0 AND ResourceId IS NOT NULL GROUP BY ResourceId ORDER BY cost DESC LIMIT ${top}`,
  );
  const offenders = await queryRows(
    db,
    `WITH b AS (${base}) SELECT SubAccountId AS sub, sum(EffectiveCost)::DOUBLE AS cost, count(DISTINCT ResourceId) AS resources
     FROM b WHERE len(missing) > 0 GROUP BY ALL ORDER BY cost DESC LIMIT ${top}`,
  );
  return {
    required: [...required],
    grossCost,
    netCost: Number(totals?.net ?? 0),
    credits: { cost: credits, shareOfGross: share(-credits, grossCost), material: share(-credits, grossCost) >= MATERIAL_CREDIT_SHARE },
    totalResources,
    keys,
    compliant: { costShare: share(totals?.compliant_cost, grossCost), resourceShare: share(totals?.compliant_resources, totalResources) },
    topUntagged: untagged.map((r) => ({
      resourceId: String(r.ResourceId),
      service: (r.service as string | null) ?? null,
      subAccount: (r.sub as string | null) ?? null,
      missing: ((r.missing as string[] | null) ?? []).slice().sort(),
      effectiveCost: Number(r.cost ?? 0),
    })),
    offendersByAccount: offenders.map((r) => ({
      subAccount: (r.sub as string | null) ?? null,
      untaggedCost: Number(r.cost ?? 0),
      untaggedResources: Number(r.resources ?? 0),
    })),
  };
}
