import type { ColumnSet } from '../column-set.js';
import { caseOf, selectFromStage, type FocusExpressions } from '../focus-select.js';
import type { InvoiceTotalsSql, Normalizer } from '../normalizer.js';
import { azurePricingUnitSql } from '../pricing-units.js';
import { serviceCategorySql, serviceSubcategorySql } from '../service-category.js';

/** EA writes Cost/BillingCurrency, MCA CostInBillingCurrency/BillingCurrencyCode; camelCase exports match case-insensitively. */
const COST = ['CostInBillingCurrency', 'Cost', 'PreTaxCost'];
const CURRENCY = ['BillingCurrencyCode', 'BillingCurrency', 'Currency'];
const CHARGE_DATE = ['Date', 'UsageDateTime', 'UsageDate'];
const SUBSCRIPTION = ['SubscriptionId', 'SubscriptionGuid'];

function parts(columns: ColumnSet) {
  const chargeType = `tg_str(${columns.ref('ChargeType')})`;
  const pricingModel = `tg_str(${columns.ref('PricingModel')})`;
  const cost = `tg_num0(${columns.ref(...COST)})`;
  const commitment = `${pricingModel} IN ('Reservation', 'SavingsPlan')`;
  return {
    chargeType,
    pricingModel,
    cost,
    commitment,
    // Rows only the amortized dataset has: covered usage priced at the amortized rate, and unused commitment.
    amortizedOnly: `(${chargeType} IN ('UnusedReservation', 'UnusedSavingsPlan') OR (${chargeType} = 'Usage' AND ${commitment}))`,
    // Commitment purchases are billed when bought and amortized over the term into usage.
    commitmentPurchase: `(${chargeType} = 'Purchase' AND ${commitment})`,
  };
}

function expressions(columns: ColumnSet): FocusExpressions {
  const p = parts(columns);
  const quantity = `tg_num(${columns.ref('Quantity')})`;
  const payg = columns.has('PaygCostInBillingCurrency')
    ? `tg_num(${columns.ref('PaygCostInBillingCurrency')})`
    : `tg_num(${columns.ref('PayGPrice')}) * ${quantity}`;
  const chargeDate = `tg_ts(${columns.ref(...CHARGE_DATE)})`;
  const serviceName = `COALESCE(tg_str(${columns.ref('MeterCategory')}), tg_str(${columns.ref('ConsumedService')}))`;
  const usageRow = `${p.chargeType} IN ('Usage', 'UnusedReservation', 'UnusedSavingsPlan')`;
  return {
    BilledCost: `CASE WHEN ${p.amortizedOnly} THEN 0 ELSE ${p.cost} END`,
    EffectiveCost: `CASE WHEN ${p.commitmentPurchase} THEN 0 ELSE ${p.cost} END`,
    ListCost: `CASE WHEN ${p.chargeType} = 'Usage' AND ${payg} > 0 THEN ${payg} ELSE ${p.cost} END`,
    ContractedCost: `CASE WHEN ${p.chargeType} = 'Usage' AND ${p.commitment} AND tg_num(${columns.ref('UnitPrice')}) > 0 THEN tg_num(${columns.ref('UnitPrice')}) * ${quantity} ELSE ${p.cost} END`,
    BillingAccountId: `COALESCE(tg_str(${columns.ref('BillingAccountId')}), tg_str(${columns.ref('BillingProfileId')}))`,
    BillingAccountName: `COALESCE(tg_str(${columns.ref('BillingAccountName')}), tg_str(${columns.ref('BillingProfileName')}))`,
    BillingAccountType: columns.has('BillingProfileId') ? `'Billing Profile'` : `'Billing Account'`,
    SubAccountId: `tg_str(${columns.ref(...SUBSCRIPTION)})`,
    SubAccountName: `tg_str(${columns.ref('SubscriptionName')})`,
    SubAccountType: `'Subscription'`,
    BillingCurrency: `tg_str(${columns.ref(...CURRENCY)})`,
    BillingPeriodStart: `tg_ts(${columns.ref('BillingPeriodStartDate')})`,
    // Azure writes the period's last day; FOCUS ends are exclusive.
    BillingPeriodEnd: `tg_ts(${columns.ref('BillingPeriodEndDate')}) + INTERVAL 1 DAY`,
    ChargePeriodStart: chargeDate,
    ChargePeriodEnd: `${chargeDate} + INTERVAL 1 DAY`,
    ChargeCategory: caseOf(
      p.chargeType,
      {
        Usage: `'Usage'`,
        UnusedReservation: `'Usage'`,
        UnusedSavingsPlan: `'Usage'`,
        Purchase: `'Purchase'`,
        Tax: `'Tax'`,
        Refund: `'Credit'`,
        RoundingAdjustment: `'Adjustment'`,
      },
      `'Usage'`,
    ),
    ChargeClass: `CASE WHEN ${p.chargeType} = 'Refund' THEN 'Correction' END`,
    ChargeFrequency: caseOf(
      `tg_str(${columns.ref('Frequency')})`,
      { UsageBased: `'Usage-Based'`, Recurring: `'Recurring'`, OneTime: `'One-Time'` },
      `'Usage-Based'`,
    ),
    ChargeDescription: `tg_str(${columns.ref('ProductName', 'Product')})`,
    InvoiceId: `tg_str(${columns.ref('InvoiceId')})`,
    InvoiceIssuerName: `COALESCE(tg_str(${columns.ref('PartnerName')}), 'Microsoft')`,
    ProviderName: `'Microsoft'`,
    PublisherName: `COALESCE(tg_str(${columns.ref('PublisherName')}), 'Microsoft')`,
    ServiceName: serviceName,
    ServiceCategory: serviceCategorySql(serviceName, 'azure'),
    ServiceSubcategory: serviceSubcategorySql(serviceName, 'azure'),
    SkuId: `tg_str(${columns.ref('MeterId', 'ProductId')})`,
    SkuMeter: `tg_str(${columns.ref('MeterName')})`,
    SkuPriceId: `tg_str(${columns.ref('PartNumber')})`,
    RegionId: `lower(tg_str(${columns.ref('ResourceLocation')}))`,
    RegionName: `tg_str(${columns.ref('MeterRegion')})`,
    AvailabilityZone: `tg_str(${columns.ref('AvailabilityZone')})`,
    ResourceId: `tg_str(${columns.ref('ResourceId', 'InstanceName')})`,
    ResourceName: `tg_str(${columns.ref('ResourceName')})`,
    PricingCategory: caseOf(p.pricingModel, { OnDemand: `'Standard'`, Spot: `'Dynamic'`, Reservation: `'Committed'`, SavingsPlan: `'Committed'` }, 'NULL'),
    PricingQuantity: quantity,
    PricingUnit: azurePricingUnitSql(`tg_str(${columns.ref('UnitOfMeasure')})`),
    ConsumedQuantity: `CASE WHEN ${usageRow} THEN ${quantity} END`,
    ConsumedUnit: `CASE WHEN ${usageRow} THEN tg_str(${columns.ref('UnitOfMeasure')}) END`,
    ListUnitPrice: `tg_num(${columns.ref('PayGPrice')})`,
    ContractedUnitPrice: `tg_num(${columns.ref('UnitPrice')})`,
    CommitmentDiscountId: `CASE WHEN ${p.commitment} THEN COALESCE(tg_str(${columns.ref('benefitId')}), tg_str(${columns.ref('ReservationId')})) END`,
    CommitmentDiscountName: `CASE WHEN ${p.commitment} THEN COALESCE(tg_str(${columns.ref('benefitName')}), tg_str(${columns.ref('ReservationName')})) END`,
    CommitmentDiscountType: caseOf(p.pricingModel, { Reservation: `'Reservation'`, SavingsPlan: `'Savings Plan'` }, 'NULL'),
    CommitmentDiscountCategory: caseOf(p.pricingModel, { Reservation: `'Usage'`, SavingsPlan: `'Spend'` }, 'NULL'),
    CommitmentDiscountStatus: `CASE WHEN ${p.chargeType} IN ('UnusedReservation', 'UnusedSavingsPlan') THEN 'Unused' WHEN ${p.chargeType} = 'Usage' AND ${p.commitment} THEN 'Used' END`,
    Tags: `tg_tag_json(${columns.ref('Tags')})::JSON`,
  };
}

export const azureNormalizer: Normalizer = {
  format: 'azure',
  description: 'Azure cost details: EA and MCA, actual and amortized, PascalCase and camelCase (CSV, CSV.gz, Parquet)',
  recognizes: (columns) =>
    COST.some((c) => columns.has(c)) && SUBSCRIPTION.some((c) => columns.has(c)) && (columns.has('MeterCategory') || columns.has('ChargeType')),
  nullStrings: [],
  required: [COST, CURRENCY, CHARGE_DATE, SUBSCRIPTION],
  numeric: [...COST, 'Quantity', 'EffectivePrice', 'UnitPrice', 'PayGPrice', 'PaygCostInBillingCurrency'],
  timestamps: [...CHARGE_DATE, 'BillingPeriodStartDate', 'BillingPeriodEndDate'],
  // Cost details write US dates (9/2/2023, 09/01/2023), whatever the billing country.
  dateLayout: 'month/day/year',
  tagObjects: ['Tags'],
  select: (columns) => selectFromStage(expressions(columns), `tg_tag_json(${columns.ref('Tags')})`),
  invoiceTotals(columns): InvoiceTotalsSql {
    const p = parts(columns);
    return {
      billingPeriod: `tg_ts(${columns.ref('BillingPeriodStartDate')})`,
      billingAccount: `COALESCE(tg_str(${columns.ref('BillingAccountId')}), tg_str(${columns.ref('BillingProfileId')}))`,
      currency: `tg_str(${columns.ref(...CURRENCY)})`,
      amount: `CASE WHEN ${p.amortizedOnly} THEN 0 ELSE ${p.cost} END`,
    };
  },
};
