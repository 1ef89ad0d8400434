import { toolkitPricingUnits } from './finops-toolkit.js';
import { caseOf, sqlString } from './focus-select.js';

/** AWS's pricing units as CUR writes them → FOCUS UnitFormat; anything else passes as written. */
const AWS_UNITS: Record<string, string> = {
  Hrs: 'Hours',
  hours: 'Hours',
  'GB-Mo': 'GB-Months',
  'GB-Month': 'GB-Months',
  'Obj-Month': 'Object-Months',
  'GB-Hours': 'GB-Hours',
  vCPU: 'vCPU',
  'vCPU-Hours': 'vCPU-Hours',
  'IOPS-Mo': 'IOPS-Months',
  'GiBps-mo': 'GiBps-Months',
  'MBps-Mo': 'MBps-Months',
  LCU: 'LCU',
};

export function awsPricingUnitSql(unitExpr: string): string {
  return caseOf(unitExpr, Object.fromEntries(Object.entries(AWS_UNITS).map(([k, v]) => [k, sqlString(v)])), unitExpr);
}

let azureTable: Record<string, string> | undefined;

/**
 * Azure's UnitOfMeasure (`10 Hours`, `1/Month`) → FOCUS UnitFormat through the FinOps toolkit's
 * PricingUnits lookup. The block size stays in the unit (`10 Hours`, FOCUS's `<quantity> <units>`
 * form) since Azure's Quantity and prices are per block: PricingQuantity × price stays the cost.
 */
export function azurePricingUnitSql(unitExpr: string): string {
  azureTable ??= Object.fromEntries(
    [...toolkitPricingUnits()].map(([uom, { unit, blockSize }]) => [uom, sqlString(blockSize === 1 ? unit : `${blockSize} ${unit}`)]),
  );
  return caseOf(unitExpr, azureTable, unitExpr);
}

/** GCP's pricing units (`gibibyte month`, `hour`) → FOCUS UnitFormat. */
const GCP_UNITS: Record<string, string> = {
  hour: 'Hours',
  second: 'Seconds',
  gibibyte: 'GiB',
  tebibyte: 'TiB',
  'gibibyte month': 'GiB-Months',
  'gibibyte hour': 'GiB-Hours',
  'gibibyte second': 'GiB-Seconds',
  'tebibyte month': 'TiB-Months',
  count: 'Count',
  request: 'Requests',
  requests: 'Requests',
};

export function gcpPricingUnitSql(unitExpr: string): string {
  return caseOf(unitExpr, Object.fromEntries(Object.entries(GCP_UNITS).map(([k, v]) => [k, sqlString(v)])), unitExpr);
}
