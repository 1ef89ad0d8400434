import { queryRows, type Warehouse } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';

export interface TagAudit {
  required: string[];
  totalCost: number;
  totalResources: number;
  /** per required key: share of EffectiveCost and of resources carrying it */
  keys: { key: string; costShare: number; resourceShare: number }[];
  /** share carrying every required key */
  compliant: { costShare: number; resourceShare: number };
  topUntagged: { resourceId: string; service: string | null; subAccount: string | null; missing: string[]; effectiveCost: number }[];
  offendersByAccount: { subAccount: string | null; untaggedCost: number; untaggedResources: number }[];
}

/** Tag compliance against the policy's required keys, measured on normalized tags and EffectiveCost. */
export async function tagAudit(db: Warehouse, required: readonly string[], top = 10): Promise<TagAudit> {
  const has = (key: string) => `(${tagValue(key)} IS NOT NULL AND ${tagValue(key)} <> '')`;
  const missingList = `list_filter([${required.map((k) => `CASE WHEN NOT ${has(k)} THEN '${k.replaceAll("'", "''")}' END`).join(', ')}], x -> x IS NOT NULL)`;
  const base = `SELECT *, ${required.length ? missingList : '[]::VARCHAR[]'} AS missing FROM ${FOCUS_TABLE}`;
  const [totals] = await queryRows(
    db,
    `WITH b AS (${base}) SELECT sum(EffectiveCost)::DOUBLE AS cost, count(DISTINCT ResourceId) AS resources,
       sum(EffectiveCost) FILTER (len(missing) = 0)::DOUBLE AS compliant_cost, count(DISTINCT ResourceId) FILTER (len(missing) = 0) AS compliant_resources FROM b`,
  );
  const totalCost = Number(totals?.cost ?? 0);
  const totalResources = Number(totals?.resources ?? 0);
  const share = (part: unknown, whole: number) => (whole === 0 ? 0 : Number(part ?? 0) / whole);
  const keys = [];
  for (const key of required) {
    const [row] = await queryRows(
      db,
      `SELECT sum(EffectiveCost) FILTER (${has(key)})::DOUBLE AS cost, count(DISTINCT ResourceId) FILTER (${has(key)}) AS resources FROM ${FOCUS_TABLE}`,
    );
    keys.push({ key, costShare: share(row?.cost, totalCost), resourceShare: share(row?.resources, totalResources) });
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
    totalCost,
    totalResources,
    keys,
    compliant: { costShare: share(totals?.compliant_cost, totalCost), resourceShare: share(totals?.compliant_resources, totalResources) },
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
