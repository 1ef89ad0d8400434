import { WAREHOUSE_FOCUS_COLUMNS } from '../../core/index.js';
import type { ColumnSet } from '../column-set.js';
import { selectFromStage, type FocusExpressions } from '../focus-select.js';
import type { Normalizer } from '../normalizer.js';
import { firstPartyIssuerSql } from '../provider-names.js';
import { subcategoryForCategorySql } from '../service-category.js';

/** Names earlier FOCUS versions used for what 1.2 calls otherwise. */
const RENAMED_IN_LATER_VERSIONS: Record<string, string[]> = {
  ConsumedQuantity: ['UsageQuantity'],
  ConsumedUnit: ['UsageUnit'],
  RegionId: ['Region'],
  // FOCUS 1.3 deprecates ProviderName and PublisherName for ServiceProviderName.
  ProviderName: ['ServiceProviderName'],
  PublisherName: ['ServiceProviderName'],
};

const DECIMALS = WAREHOUSE_FOCUS_COLUMNS.filter((c) => c.type === 'decimal').map((c) => c.name);
const DATETIMES = WAREHOUSE_FOCUS_COLUMNS.filter((c) => c.type === 'datetime').map((c) => c.name);

function expressionFor(name: string, type: string, columns: ColumnSet): string | undefined {
  const names = [name, ...(RENAMED_IN_LATER_VERSIONS[name] ?? [])];
  if (!names.some((n) => columns.has(n))) return undefined;
  const ref = columns.ref(...names);
  if (type === 'decimal') return `tg_num(${ref})`;
  if (type === 'datetime') return `tg_ts(${ref})`;
  if (name === 'Tags') return `tg_tag_json(${ref})::JSON`;
  if (type === 'json') return `CASE WHEN json_valid(tg_str(${ref})) THEN tg_str(${ref})::JSON END`;
  // FOCUS 1.0 samples write both Usage-Based and Usage-based; the spec value is Usage-Based.
  if (name === 'ChargeFrequency') return `CASE WHEN lower(tg_str(${ref})) = 'usage-based' THEN 'Usage-Based' ELSE tg_str(${ref}) END`;
  if (name === 'InvoiceIssuerName' && (columns.has('ProviderName') || columns.has('ServiceProviderName')))
    return firstPartyIssuerSql(`tg_str(${ref})`, `tg_str(${columns.ref('ProviderName', 'ServiceProviderName')})`);
  if (name === 'ChargeClass') return `CASE WHEN tg_str(${ref}) = 'Correction' THEN 'Correction' END`;
  return `tg_str(${ref})`;
}

/** FOCUS 1.0–1.3 exports: the columns are already FOCUS; only types, nulls and spelling are normalized. */
export const focusNormalizer: Normalizer = {
  format: 'focus',
  description: 'FOCUS 1.0–1.3 (CSV, CSV.gz, Parquet)',
  recognizes: (columns) => columns.has('BilledCost') && (columns.has('ChargePeriodStart') || columns.has('BillingPeriodStart') || columns.has('EffectiveCost')),
  nullStrings: ['NULL', 'null'],
  required: [['BilledCost']],
  numeric: DECIMALS,
  timestamps: DATETIMES,
  tagObjects: ['Tags'],
  select(columns) {
    const expressions: FocusExpressions = {};
    for (const column of WAREHOUSE_FOCUS_COLUMNS) {
      const expression = expressionFor(column.name, column.type, columns);
      if (expression !== undefined) expressions[column.name] = expression;
    }
    // FOCUS 1.0 has no ServiceSubcategory, and a value FOCUS 1.2 does not allow is not kept.
    if (expressions.ServiceCategory)
      expressions.ServiceSubcategory = subcategoryForCategorySql(expressions.ServiceSubcategory ?? 'NULL::VARCHAR', expressions.ServiceCategory);
    return selectFromStage(expressions, `tg_tag_json(${columns.ref('Tags')})`);
  },
  invoiceTotals: (columns) => ({
    billingPeriod: `tg_ts(${columns.ref('BillingPeriodStart')})`,
    billingAccount: `tg_str(${columns.ref('BillingAccountId')})`,
    currency: `tg_str(${columns.ref('BillingCurrency')})`,
    amount: `tg_num0(${columns.ref('BilledCost')})`,
  }),
};
