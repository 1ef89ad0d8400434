import type { ColumnSet } from '../column-set.js';
import { caseOf, selectFromStage, sqlString, type FocusExpressions } from '../focus-select.js';
import type { InvoiceTotalsSql, Normalizer } from '../normalizer.js';
import { awsPricingUnitSql } from '../pricing-units.js';
import { firstPartyIssuerSql } from '../provider-names.js';
import { serviceCategorySql, serviceSubcategorySql } from '../service-category.js';
import type { AwsCurColumns } from './aws-columns.js';

/** Looks up a CUR column by role; a role may fall back to a key inside a CUR 2.0 map column. */
export type AwsRef = (role: keyof AwsCurColumns) => string;

const CHARGE_CATEGORY: Record<string, string> = {
  Usage: `'Usage'`,
  DiscountedUsage: `'Usage'`,
  SavingsPlanCoveredUsage: `'Usage'`,
  SavingsPlanNegation: `'Usage'`,
  Tax: `'Tax'`,
  Fee: `'Purchase'`,
  RIFee: `'Purchase'`,
  SavingsPlanRecurringFee: `'Purchase'`,
  SavingsPlanUpfrontFee: `'Purchase'`,
  Credit: `'Credit'`,
  Refund: `'Credit'`,
  BundledDiscount: `'Credit'`,
  Discount: `'Credit'`,
  EdpDiscount: `'Credit'`,
  PrivateRateDiscount: `'Credit'`,
  DistributorDiscount: `'Credit'`,
};

const CHARGE_FREQUENCY: Record<string, string> = {
  RIFee: `'Recurring'`,
  SavingsPlanRecurringFee: `'Recurring'`,
  Fee: `'One-Time'`,
  SavingsPlanUpfrontFee: `'One-Time'`,
  Tax: `'Recurring'`,
};

/** FOCUS columns from a CUR line item; legacy CUR and CUR 2.0 share the semantics, not the spelling. */
export function awsExpressions(ref: AwsRef): FocusExpressions {
  const type = `tg_str(${ref('lineItemType')})`;
  const unblended = `tg_num0(${ref('unblendedCost')})`;
  const publicOnDemand = `tg_num(${ref('publicOnDemandCost')})`;
  const serviceCode = `tg_str(${ref('productCode')})`;
  const isSavingsPlan = `${type} IN ('SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee')`;
  const isReservation = `${type} IN ('DiscountedUsage', 'RIFee')`;
  const effective = caseOf(
    type,
    {
      SavingsPlanCoveredUsage: `tg_num0(${ref('savingsPlanEffectiveCost')})`,
      // The negation only cancels the on-demand cost of covered usage on the invoice.
      SavingsPlanNegation: '0',
      // The commitment's unused part is a cost of the period; the used part is in covered usage.
      SavingsPlanRecurringFee: `tg_num0(${ref('totalCommitmentToDate')}) - tg_num0(${ref('usedCommitment')})`,
      SavingsPlanUpfrontFee: '0',
      DiscountedUsage: `tg_num0(${ref('reservationEffectiveCost')})`,
      RIFee: `tg_num0(${ref('unusedAmortizedUpfront')}) + tg_num0(${ref('unusedRecurringFee')})`,
    },
    unblended,
  );
  const list = `CASE WHEN ${type} = 'SavingsPlanNegation' THEN 0 WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN COALESCE(${publicOnDemand}, ${unblended}) ELSE ${unblended} END`;
  const contracted = `CASE WHEN ${type} = 'SavingsPlanNegation' THEN 0 WHEN ${type} = 'DiscountedUsage' THEN COALESCE(${publicOnDemand}, ${unblended}) ELSE ${unblended} END`;
  const usageRow = `${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')`;
  const service = `COALESCE(tg_str(${ref('productName')}), ${serviceCode})`;
  return {
    BilledCost: unblended,
    EffectiveCost: effective,
    ListCost: list,
    ContractedCost: contracted,
    BillingAccountId: `tg_str(${ref('payerAccountId')})`,
    BillingAccountName: `tg_str(${ref('payerAccountName')})`,
    BillingAccountType: `'Billing Account'`,
    SubAccountId: `tg_str(${ref('usageAccountId')})`,
    SubAccountName: `tg_str(${ref('usageAccountName')})`,
    SubAccountType: `'Linked Account'`,
    BillingCurrency: `tg_str(${ref('currency')})`,
    BillingPeriodStart: `tg_ts(${ref('billingPeriodStart')})`,
    BillingPeriodEnd: `tg_ts(${ref('billingPeriodEnd')})`,
    ChargePeriodStart: `tg_ts(${ref('usageStart')})`,
    ChargePeriodEnd: `tg_ts(${ref('usageEnd')})`,
    ChargeCategory: caseOf(type, CHARGE_CATEGORY, `'Usage'`),
    ChargeClass: `CASE WHEN ${type} = 'Refund' THEN 'Correction' END`,
    ChargeFrequency: caseOf(type, CHARGE_FREQUENCY, `'Usage-Based'`),
    ChargeDescription: `tg_str(${ref('description')})`,
    InvoiceId: `tg_str(${ref('invoiceId')})`,
    // AWS's own FOCUS export names all three `AWS`; an AWS legal entity (`Amazon Web Services EMEA SARL`) is AWS too.
    InvoiceIssuerName: firstPartyIssuerSql(`COALESCE(tg_str(${ref('invoicingEntity')}), 'AWS')`, `'AWS'`),
    ProviderName: `'AWS'`,
    PublisherName: `CASE WHEN tg_str(${ref('billingEntity')}) = 'AWS Marketplace' THEN COALESCE(tg_str(${ref('legalEntity')}), 'AWS Marketplace') ELSE 'AWS' END`,
    ServiceName: service,
    ServiceCategory: serviceCategorySql(serviceCode),
    ServiceSubcategory: serviceSubcategorySql(serviceCode),
    SkuId: `tg_str(${ref('sku')})`,
    SkuPriceId: `tg_str(${ref('rateCode')})`,
    SkuMeter: `tg_str(${ref('usageType')})`,
    RegionId: `tg_str(${ref('regionCode')})`,
    RegionName: `tg_str(${ref('location')})`,
    AvailabilityZone: `tg_str(${ref('availabilityZone')})`,
    ResourceId: `tg_str(${ref('resourceId')})`,
    PricingCategory: `CASE WHEN ${type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Committed' WHEN tg_str(${ref('term')}) = 'Spot' THEN 'Dynamic' WHEN tg_str(${ref('term')}) = 'OnDemand' THEN 'Standard' END`,
    PricingQuantity: `CASE WHEN ${usageRow} THEN tg_num(${ref('usageAmount')}) END`,
    PricingUnit: awsPricingUnitSql(`tg_str(${ref('pricingUnit')})`),
    ConsumedQuantity: `CASE WHEN ${usageRow} THEN tg_num(${ref('usageAmount')}) END`,
    ConsumedUnit: `CASE WHEN ${usageRow} THEN tg_str(${ref('pricingUnit')}) END`,
    ListUnitPrice: `tg_num(${ref('publicOnDemandRate')})`,
    ContractedUnitPrice: `tg_num(${ref('unblendedRate')})`,
    CommitmentDiscountId: `CASE WHEN ${isSavingsPlan} THEN tg_str(${ref('savingsPlanArn')}) WHEN ${isReservation} THEN tg_str(${ref('reservationArn')}) END`,
    CommitmentDiscountType: `CASE WHEN ${isSavingsPlan} THEN 'Savings Plan' WHEN ${isReservation} THEN 'Reserved Instance' END`,
    CommitmentDiscountCategory: `CASE WHEN ${isSavingsPlan} THEN 'Spend' WHEN ${isReservation} THEN 'Usage' END`,
    CommitmentDiscountStatus: `CASE WHEN ${type} IN ('SavingsPlanCoveredUsage', 'DiscountedUsage') THEN 'Used' WHEN ${type} IN ('SavingsPlanRecurringFee', 'RIFee') AND (${effective}) <> 0 THEN 'Unused' END`,
  };
}

export function awsSelect(ref: AwsRef, tagsRaw: string): string {
  const expressions = awsExpressions(ref);
  expressions.Tags = `(${tagsRaw})::JSON`;
  return selectFromStage(expressions, tagsRaw);
}

export function awsInvoiceTotals(ref: AwsRef): InvoiceTotalsSql {
  return {
    billingPeriod: `tg_ts(${ref('billingPeriodStart')})`,
    billingAccount: `tg_str(${ref('payerAccountId')})`,
    currency: `tg_str(${ref('currency')})`,
    amount: `tg_num0(${ref('unblendedCost')})`,
  };
}

export function columnRef(columns: ColumnSet, names: AwsCurColumns): AwsRef {
  return (role) => columns.ref(names[role]);
}

export { sqlString };

/** What both AWS layouts require, parse as numbers and as timestamps, by column role. */
export function awsColumnRoles(names: AwsCurColumns): Pick<Normalizer, 'recognizes' | 'required' | 'numeric' | 'timestamps'> {
  return {
    recognizes: (columns) => columns.has(names.unblendedCost) && columns.has(names.lineItemType),
    required: [[names.unblendedCost], [names.lineItemType], [names.currency], [names.payerAccountId], [names.usageStart], [names.billingPeriodStart]],
    numeric: [
      names.unblendedCost,
      names.usageAmount,
      names.publicOnDemandCost,
      names.reservationEffectiveCost,
      names.savingsPlanEffectiveCost,
      names.totalCommitmentToDate,
      names.usedCommitment,
      names.unusedAmortizedUpfront,
      names.unusedRecurringFee,
    ],
    timestamps: [names.usageStart, names.usageEnd, names.billingPeriodStart, names.billingPeriodEnd],
  };
}
