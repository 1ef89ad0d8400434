import { queryRows, type Warehouse } from './connection.js';
import { knownGroupExpressions } from './group-keys.js';
import { allocatedRelationSql, type AllocationRules } from './allocation.js';
import { FOCUS_TABLE } from './schema.js';

export interface CostQuery {
  by: readonly string[];
  /** inclusive, YYYY-MM-DD, on ChargePeriodStart */
  from?: string;
  /** exclusive, YYYY-MM-DD */
  to?: string;
  /** group the lines after the policy's allocation rules split shared and untagged cost */
  allocation?: AllocationRules;
}

export type CostGroup = Record<string, string | number | null> & {
  BillingCurrency: string | null;
  BilledCost: number;
  EffectiveCost: number;
  ListCost: number;
};

/** Showback and chargeback: the three costs per group, always split by currency (adding yen to dollars means nothing). */
export async function costsByGroup(db: Warehouse, query: CostQuery): Promise<CostGroup[]> {
  const groups = (await knownGroupExpressions(db, query.by)).filter((g) => g.label !== 'BillingCurrency');
  const select = groups.map((g) => `${g.sql} AS "${g.label}"`);
  const rows = await queryRows(
    db,
    `SELECT ${[...select, 'BillingCurrency'].join(', ')},
            sum(BilledCost)::DOUBLE AS BilledCost, sum(EffectiveCost)::DOUBLE AS EffectiveCost, sum(ListCost)::DOUBLE AS ListCost, count(*) AS rows
     FROM ${query.allocation ? `${allocatedRelationSql(query.allocation, periodFilter(query))} allocated` : `${FOCUS_TABLE} WHERE ${periodFilter(query)}`}
     GROUP BY ALL ORDER BY EffectiveCost DESC NULLS LAST`,
    periodParams(query),
  );
  return rows.map(
    (r) => ({ ...r, BilledCost: Number(r.BilledCost ?? 0), EffectiveCost: Number(r.EffectiveCost ?? 0), ListCost: Number(r.ListCost ?? 0) }) as CostGroup,
  );
}

export function periodFilter(query: { from?: string; to?: string }): string {
  const parts = ['TRUE'];
  if (query.from) parts.push(`ChargePeriodStart >= CAST($from AS TIMESTAMP)`);
  if (query.to) parts.push(`ChargePeriodStart < CAST($to AS TIMESTAMP)`);
  return parts.join(' AND ');
}

export function periodParams(query: { from?: string; to?: string }): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  if (query.from) params.from = query.from;
  if (query.to) params.to = query.to;
  return Object.keys(params).length ? params : undefined;
}
