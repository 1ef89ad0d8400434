import { queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE } from './schema.js';

/** What the bill says one resource cost: EffectiveCost (commitments amortized) over the hours its charges cover. */
export interface ResourceRate {
  /** ResourceId as the bill spells it (an ARN, an ARM id, a //compute.googleapis.com/… name, or a bare id). */
  billResourceId: string;
  effectiveCostUsd: number;
  consumedQuantity: number;
  /** First charge start and last charge end in the window (ISO). */
  from: string;
  to: string;
  hours: number;
  hourlyUsd: number;
}

/**
 * Each resource's own effective rate over [from, to): usage charges in USD only (another currency is
 * not comparable with list prices in dollars), grouped by ResourceId, spread over the hours from its
 * first charge to its last.
 */
export async function resourceRates(db: Warehouse, window: { from: string; to: string }): Promise<ResourceRate[]> {
  const rows = await queryRows(
    db,
    `SELECT ResourceId AS id, sum(EffectiveCost)::DOUBLE AS cost, sum(coalesce(ConsumedQuantity, 0))::DOUBLE AS quantity,
            strftime(min(ChargePeriodStart), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(ChargePeriodEnd), '%Y-%m-%dT%H:%M:%SZ') AS last
       FROM ${FOCUS_TABLE}
      WHERE ResourceId IS NOT NULL AND ResourceId <> ''
        AND BillingCurrency = 'USD'
        AND lower(coalesce(ChargeCategory, 'usage')) = 'usage'
        AND ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP)
      GROUP BY ResourceId`,
    { from: window.from, to: window.to },
  );
  return rows.flatMap((r) => {
    const from = new Date(String(r.first));
    const to = new Date(String(r.last));
    const hours = (to.getTime() - from.getTime()) / 3_600_000;
    const cost = Number(r.cost ?? 0);
    if (!(hours > 0) || !Number.isFinite(cost)) return [];
    return [
      {
        billResourceId: String(r.id),
        effectiveCostUsd: cost,
        consumedQuantity: Number(r.quantity ?? 0),
        from: from.toISOString(),
        to: to.toISOString(),
        hours,
        hourlyUsd: cost / hours,
      },
    ];
  });
}
