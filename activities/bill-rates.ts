import { existsSync } from 'node:fs';
import type { Finding } from '../core/index.js';
import { withBillRates } from '../detect/bill-rates.js';
import { openWarehouse, resourceRates } from '../warehouse/index.js';

/**
 * Findings re-priced from the ingested bill where it has the resource (detect/bill-rates.ts), over
 * the same lookback the utilization used. No warehouse file, or nothing billed in the window: the
 * findings keep their list prices.
 */
export async function priceFromBill(findings: Finding[], warehousePath: string | undefined, window: { from: string; to: string }): Promise<Finding[]> {
  if (findings.length === 0 || !warehousePath || !existsSync(warehousePath)) return findings;
  const warehouse = await openWarehouse(warehousePath);
  try {
    return withBillRates(findings, await resourceRates(warehouse, window));
  } finally {
    warehouse.close();
  }
}
