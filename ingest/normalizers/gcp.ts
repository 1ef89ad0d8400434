import type { ColumnSet } from '../column-set.js';
import { caseOf, focusSelectList, selectFromStage, type FocusExpressions } from '../focus-select.js';
import type { InvoiceTotalsSql, Normalizer } from '../normalizer.js';
import { gcpPricingUnitSql } from '../pricing-units.js';
import { serviceCategorySql, serviceSubcategorySql } from '../service-category.js';
import { STAGE_TABLE } from '../stage.js';

/** JSON as BigQuery's JSON/Parquet exports give it, or the Python literal its CSV flattening writes. */
const asJson = (ref: string) => `CASE WHEN json_valid(tg_str(${ref})) THEN tg_str(${ref}) ELSE tg_pyjson(${ref}) END`;
const CREDIT_SHAPE = `'[{"name":"VARCHAR","amount":"VARCHAR","full_name":"VARCHAR","id":"VARCHAR","type":"VARCHAR"}]'`;

function creditList(columns: ColumnSet): string {
  const credits = columns.ref('credits');
  return `CASE WHEN tg_str(${credits}) IS NULL OR NOT json_valid(${asJson(credits)}) THEN NULL ELSE json_transform(${asJson(credits)}, ${CREDIT_SHAPE}) END`;
}

function tagsRaw(columns: ColumnSet): string {
  // Resource labels first, so they win over project labels with the same key.
  const labels = `tg_kv_list(${asJson(columns.ref('labels'))})`;
  const projectLabels = `tg_kv_list(${asJson(columns.ref('project.labels'))})`;
  return `tg_entries_json(list_filter(list_concat(${labels}, ${projectLabels}), e -> e.value IS NOT NULL))`;
}

function lineExpressions(columns: ColumnSet): FocusExpressions {
  const cost = `tg_num0(${columns.ref('cost')})`;
  const usageStart = `tg_ts(${columns.ref('usage_start_time')})`;
  const periodStart = columns.has('invoice.month')
    ? `COALESCE(try_strptime(tg_str(${columns.ref('invoice.month')}) || '01', '%Y%m%d'), date_trunc('month', ${usageStart}))`
    : `date_trunc('month', ${usageStart})`;
  const service = `tg_str(${columns.ref('service.description')})`;
  const costType = `tg_str(${columns.ref('cost_type')})`;
  const pricingQuantity = `tg_num(${columns.ref('usage.amount_in_pricing_units')})`;
  return {
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: columns.has('cost_at_list') ? `COALESCE(tg_num(${columns.ref('cost_at_list')}), ${cost})` : cost,
    ContractedCost: cost,
    BillingAccountId: `tg_str(${columns.ref('billing_account_id')})`,
    BillingAccountType: `'Billing Account'`,
    SubAccountId: `tg_str(${columns.ref('project.id')})`,
    SubAccountName: `tg_str(${columns.ref('project.name')})`,
    SubAccountType: `'Project'`,
    BillingCurrency: `tg_str(${columns.ref('currency')})`,
    BillingPeriodStart: periodStart,
    BillingPeriodEnd: `${periodStart} + INTERVAL 1 MONTH`,
    ChargePeriodStart: usageStart,
    ChargePeriodEnd: `tg_ts(${columns.ref('usage_end_time')})`,
    ChargeCategory: caseOf(costType, { regular: `'Usage'`, tax: `'Tax'`, adjustment: `'Adjustment'`, rounding_error: `'Adjustment'` }, `'Usage'`),
    ChargeFrequency: `'Usage-Based'`,
    ChargeDescription: `tg_str(${columns.ref('sku.description')})`,
    InvoiceIssuerName: `'Google Cloud'`,
    ProviderName: `'Google Cloud'`,
    PublisherName: `'Google Cloud'`,
    ServiceName: service,
    ServiceCategory: serviceCategorySql(service),
    ServiceSubcategory: serviceSubcategorySql(service),
    SkuId: `tg_str(${columns.ref('sku.id')})`,
    RegionId: `tg_str(${columns.ref('location.region')})`,
    RegionName: `COALESCE(tg_str(${columns.ref('location.region')}), tg_str(${columns.ref('location.location')}))`,
    AvailabilityZone: `tg_str(${columns.ref('location.zone')})`,
    ResourceId: `tg_str(${columns.ref('resource.global_name', 'resource.name')})`,
    ResourceName: `tg_str(${columns.ref('resource.name')})`,
    // Tax has no pricing quantity in FOCUS (PricingQuantity-C-004-C), and a unit only goes with a quantity.
    PricingQuantity: `CASE WHEN ${costType} <> 'tax' OR ${costType} IS NULL THEN ${pricingQuantity} END`,
    PricingUnit: `CASE WHEN ${pricingQuantity} IS NOT NULL AND (${costType} <> 'tax' OR ${costType} IS NULL) THEN ${gcpPricingUnitSql(`tg_str(${columns.ref('usage.pricing_unit')})`)} END`,
    ConsumedQuantity: `tg_num(${columns.ref('usage.amount')})`,
    ConsumedUnit: `tg_str(${columns.ref('usage.unit')})`,
    Tags: `(${tagsRaw(columns)})::JSON`,
  };
}

/** Each credit on a line becomes its own FOCUS Credit row, so BilledCost sums to the invoice. */
function creditExpressions(columns: ColumnSet): FocusExpressions {
  const amount = `tg_num0(credit.amount)`;
  const isCommitment = `starts_with(credit.type, 'COMMITTED_USAGE_DISCOUNT')`;
  return {
    ...lineExpressions(columns),
    BilledCost: amount,
    EffectiveCost: amount,
    ListCost: '0',
    ContractedCost: '0',
    ChargeCategory: `'Credit'`,
    ChargeDescription: `COALESCE(credit.full_name, credit.name)`,
    PricingQuantity: 'NULL',
    // FOCUS: no pricing unit without a pricing quantity (PricingUnit-C-005-C).
    PricingUnit: 'NULL',
    ConsumedQuantity: 'NULL',
    ConsumedUnit: 'NULL',
    CommitmentDiscountId: `CASE WHEN ${isCommitment} THEN credit.id END`,
    CommitmentDiscountType: `CASE WHEN ${isCommitment} THEN 'Committed Use Discount' END`,
  };
}

export const gcpNormalizer: Normalizer = {
  format: 'gcp',
  description: 'GCP BigQuery billing export (flattened CSV, JSON lines, Parquet; credits, labels, project.labels)',
  recognizes: (columns) => columns.has('billing_account_id') && columns.has('cost') && (columns.has('service.description') || columns.has('service.id')),
  nullStrings: [],
  required: [['billing_account_id'], ['cost'], ['currency'], ['usage_start_time']],
  numeric: ['cost', 'usage.amount', 'usage.amount_in_pricing_units', 'cost_at_list'],
  timestamps: ['usage_start_time', 'usage_end_time'],
  tagObjects: [],
  select(columns) {
    const tags = tagsRaw(columns);
    const lines = selectFromStage(lineExpressions(columns), tags);
    const credits = creditList(columns);
    const creditRows = `SELECT ${focusSelectList(creditExpressions(columns), { row: 'tg_row', part: 'tg_part', tagsRaw: tags })}
      FROM (SELECT rowid + 1 AS tg_row, *, unnest(${credits}) AS credit, generate_subscripts(${credits}, 1) AS tg_part
            FROM ${STAGE_TABLE} WHERE len(${credits}) > 0) c`;
    return `${lines}\nUNION ALL\n${creditRows}`;
  },
  invoiceTotals(columns): InvoiceTotalsSql {
    // Read the credit amounts straight from the text, independently of the JSON parsing above.
    const amounts = `regexp_extract_all(COALESCE(${columns.ref('credits')}, ''), '["'']amount["'']\\s*:\\s*"?(-?[0-9.eE+-]+)', 1)`;
    return {
      billingPeriod: `try_strptime(tg_str(${columns.ref('invoice.month')}) || '01', '%Y%m%d')`,
      billingAccount: `tg_str(${columns.ref('billing_account_id')})`,
      currency: `tg_str(${columns.ref('currency')})`,
      amount: `tg_num0(${columns.ref('cost')}) + COALESCE(list_sum(list_transform(${amounts}, x -> tg_num0(x))), 0)`,
    };
  },
};
