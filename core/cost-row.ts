import { z } from 'zod';

/** One FOCUS 1.2 column as the specification defines it (FOCUS_Spec v1.2, columns/*.md). */
export interface FocusColumn {
  name: string;
  type: 'string' | 'decimal' | 'datetime' | 'json';
  level: 'Mandatory' | 'Conditional' | 'Recommended';
  nullable: boolean;
}

/** All 57 FOCUS 1.2 columns, names verbatim: the warehouse table and the CostRow schema are built from this list. */
export const FOCUS_COLUMNS: readonly FocusColumn[] = [
  { name: 'BillingAccountType', type: 'string', level: 'Conditional', nullable: false },
  { name: 'CapacityReservationId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CapacityReservationStatus', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountCategory', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountName', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountQuantity', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountStatus', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountType', type: 'string', level: 'Conditional', nullable: true },
  { name: 'CommitmentDiscountUnit', type: 'string', level: 'Conditional', nullable: true },
  { name: 'ConsumedQuantity', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'ConsumedUnit', type: 'string', level: 'Conditional', nullable: true },
  { name: 'ContractedUnitPrice', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'ListUnitPrice', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'PricingCategory', type: 'string', level: 'Conditional', nullable: true },
  { name: 'PricingCurrency', type: 'string', level: 'Conditional', nullable: true },
  { name: 'PricingCurrencyContractedUnitPrice', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'PricingCurrencyEffectiveCost', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'PricingCurrencyListUnitPrice', type: 'decimal', level: 'Conditional', nullable: true },
  { name: 'RegionId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'RegionName', type: 'string', level: 'Conditional', nullable: true },
  { name: 'ResourceId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'ResourceName', type: 'string', level: 'Conditional', nullable: true },
  { name: 'ResourceType', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SkuId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SkuMeter', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SkuPriceDetails', type: 'json', level: 'Conditional', nullable: true },
  { name: 'SkuPriceId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SubAccountId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SubAccountName', type: 'string', level: 'Conditional', nullable: true },
  { name: 'SubAccountType', type: 'string', level: 'Conditional', nullable: true },
  { name: 'Tags', type: 'json', level: 'Conditional', nullable: true },
  { name: 'BilledCost', type: 'decimal', level: 'Mandatory', nullable: false },
  { name: 'BillingAccountId', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'BillingAccountName', type: 'string', level: 'Mandatory', nullable: true },
  { name: 'BillingCurrency', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'BillingPeriodEnd', type: 'datetime', level: 'Mandatory', nullable: false },
  { name: 'BillingPeriodStart', type: 'datetime', level: 'Mandatory', nullable: false },
  { name: 'ChargeCategory', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'ChargeClass', type: 'string', level: 'Mandatory', nullable: true },
  { name: 'ChargeDescription', type: 'string', level: 'Mandatory', nullable: true },
  { name: 'ChargePeriodEnd', type: 'datetime', level: 'Mandatory', nullable: false },
  { name: 'ChargePeriodStart', type: 'datetime', level: 'Mandatory', nullable: false },
  { name: 'ContractedCost', type: 'decimal', level: 'Mandatory', nullable: false },
  { name: 'EffectiveCost', type: 'decimal', level: 'Mandatory', nullable: false },
  { name: 'InvoiceIssuerName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'ListCost', type: 'decimal', level: 'Mandatory', nullable: false },
  { name: 'PricingQuantity', type: 'decimal', level: 'Mandatory', nullable: true },
  { name: 'PricingUnit', type: 'string', level: 'Mandatory', nullable: true },
  { name: 'ProviderName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'PublisherName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'ServiceCategory', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'ServiceName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'AvailabilityZone', type: 'string', level: 'Recommended', nullable: true },
  { name: 'ChargeFrequency', type: 'string', level: 'Recommended', nullable: false },
  { name: 'InvoiceId', type: 'string', level: 'Recommended', nullable: true },
  { name: 'ServiceSubcategory', type: 'string', level: 'Recommended', nullable: false },
];

export const FOCUS_COLUMN_NAMES: readonly string[] = FOCUS_COLUMNS.map((c) => c.name);

/**
 * FOCUS 1.3's new columns (ratified December 2025), stored beside the 1.2 ones: who provides and
 * who hosts a service (ProviderName and PublisherName are deprecated in 1.3), how a cost was
 * allocated, and the contract terms applied. Tollgate's own allocation writes the Allocated* columns.
 */
export const FOCUS_13_COLUMNS: readonly FocusColumn[] = [
  { name: 'ServiceProviderName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'HostProviderName', type: 'string', level: 'Mandatory', nullable: false },
  { name: 'AllocatedMethodId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'AllocatedMethodDetails', type: 'json', level: 'Conditional', nullable: true },
  { name: 'AllocatedResourceId', type: 'string', level: 'Conditional', nullable: true },
  { name: 'AllocatedResourceName', type: 'string', level: 'Conditional', nullable: true },
  { name: 'AllocatedTags', type: 'json', level: 'Conditional', nullable: true },
  { name: 'ContractApplied', type: 'json', level: 'Conditional', nullable: true },
];

/** Every FOCUS column the warehouse holds: 1.2's 57, then 1.3's additions. */
export const WAREHOUSE_FOCUS_COLUMNS: readonly FocusColumn[] = [...FOCUS_COLUMNS, ...FOCUS_13_COLUMNS];
export const WAREHOUSE_FOCUS_COLUMN_NAMES: readonly string[] = WAREHOUSE_FOCUS_COLUMNS.map((c) => c.name);

/** The four FOCUS cost metrics: what was invoiced, what it cost after amortization, at list price, at negotiated price. */
export const COST_METRICS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'] as const;
export type CostMetric = (typeof COST_METRICS)[number];

function columnSchema(column: FocusColumn): z.ZodType {
  const base =
    column.type === 'decimal'
      ? z.number()
      : column.type === 'json'
        ? z.record(z.string(), z.unknown())
        : column.type === 'datetime'
          ? z.string().describe('ISO 8601, UTC')
          : z.string();
  // Partial exports (the spec's own examples) omit columns: anything not Mandatory-and-non-null may be null.
  return column.level === 'Mandatory' && !column.nullable ? base : base.nullable();
}

/** A FOCUS 1.2 cost row as the warehouse returns it; extra x_* provenance fields are allowed and kept. */
export const CostRowSchema = z.looseObject(Object.fromEntries(FOCUS_COLUMNS.map((c) => [c.name, columnSchema(c)])) as Record<string, z.ZodType>);
export type CostRow = Record<string, unknown> & {
  BilledCost: number;
  EffectiveCost: number;
  ListCost: number;
  ContractedCost: number;
  BillingAccountId: string;
  BillingCurrency: string;
  BillingPeriodStart: string;
  BillingPeriodEnd: string;
  ChargeCategory: string;
  ChargePeriodStart: string;
  ChargePeriodEnd: string;
  ProviderName: string;
  ServiceName: string;
  Tags: Record<string, unknown> | null;
};
