import { literal, queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE } from './schema.js';

/** One resource's charges on one UTC day, in one billing currency. */
export interface ResourceDayCost {
  /** ResourceId lower-cased: the audit log and the bill may spell an id differently (ARNs, ARM ids). */
  resourceKey: string;
  /** ISO 4217 BillingCurrency; null when the line was loaded without one */
  currency: string | null;
  /** YYYY-MM-DD (UTC) of ChargePeriodStart */
  date: string;
  /** sum of EffectiveCost: discounts and commitments amortized, as paid */
  effectiveCost: number;
  /** sum of ConsumedQuantity on lines whose PricingUnit is hours (0 when none is) */
  runningHours: number;
  /** whether any line that day is priced in hours */
  hourPriced: boolean;
}

/** Every charge of the given resources in [from, to), per resource, currency and day. Ids match case-insensitively. */
export async function resourceDailyCosts(db: Warehouse, resourceIds: readonly string[], window: { from: string; to: string }): Promise<ResourceDayCost[]> {
  const keys = [...new Set(resourceIds.map((id) => id.toLowerCase()))];
  if (keys.length === 0) return [];
  const hourly = `lower(coalesce(PricingUnit, '')) IN ('hour', 'hours', 'hrs', 'hr') OR lower(coalesce(PricingUnit, '')) LIKE '%hour%'`;
  const rows = await queryRows(
    db,
    `SELECT lower(ResourceId) AS resource_key, BillingCurrency AS currency, strftime(ChargePeriodStart, '%Y-%m-%d') AS day,
            sum(coalesce(EffectiveCost, 0))::DOUBLE AS cost,
            sum(CASE WHEN ${hourly} THEN coalesce(ConsumedQuantity, 0) ELSE 0 END)::DOUBLE AS hours,
            bool_or(${hourly}) AS hour_priced
       FROM ${FOCUS_TABLE}
      WHERE lower(ResourceId) IN (${keys.map(literal).join(', ')})
        AND ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP)
      GROUP BY ALL ORDER BY resource_key, currency, day`,
    { from: window.from, to: window.to },
  );
  return rows.map((r) => ({
    resourceKey: String(r.resource_key),
    currency: r.currency === null || r.currency === undefined ? null : String(r.currency),
    date: String(r.day),
    effectiveCost: Number(r.cost ?? 0),
    runningHours: Number(r.hours ?? 0),
    hourPriced: r.hour_priced === true,
  }));
}

/**
 * The first day the bill does not fully cover (YYYY-MM-DD): the UTC day of the latest ChargePeriodEnd
 * (or ChargePeriodStart + 1 day when a line has no end). Every day before it is complete. Undefined for an empty bill.
 */
export async function billCoveredUntil(db: Warehouse): Promise<string | undefined> {
  const [row] = await queryRows(
    db,
    `SELECT strftime(max(coalesce(ChargePeriodEnd, ChargePeriodStart + INTERVAL 1 DAY)), '%Y-%m-%d') AS until FROM ${FOCUS_TABLE}`,
  );
  return row?.until ? String(row.until) : undefined;
}
