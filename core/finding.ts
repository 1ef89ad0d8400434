import { z } from 'zod';
import { ProviderSchema, UtilizationSummarySchema } from './resource.js';

export const CandidateSchema = z.object({
  sku: z.string(),
  vcpu: z.number(),
  memoryGiB: z.number(),
  architecture: z.string(),
  hourlyUsd: z.number(),
  monthlySavingsUsd: z.number(),
  projectedCpuP995Pct: z.number(),
  flags: z.array(z.enum(['architecture-change', 'gpu', 'cross-memory-class', 'processor-vendor-change', 'newer-generation'])).default([]),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const OffHoursPlanSchema = z.object({
  schedule: z.string(),
  stopCron: z.string(),
  startCron: z.string(),
  timezone: z.string(),
  hoursOffPerWeek: z.number().nonnegative(),
});
export type OffHoursPlan = z.infer<typeof OffHoursPlanSchema>;

/** A deterministic finding: what detect/ saw and the numbers that justify it. */
export const FindingSchema = z.object({
  id: z.string(),
  kind: z.enum(['rightsizing', 'idle', 'anomaly', 'orphan-volume', 'orphan-address', 'new-service', 'budget', 'off-hours']),
  provider: ProviderSchema,
  resourceId: z.string(),
  /** The AWS account, Azure subscription or GCP project the resource lives in (absent in findings from before it was recorded). */
  account: z.string().optional(),
  region: z.string(),
  currentSku: z.string(),
  summary: z.string(),
  detectedAt: z.string(),
  utilization: UtilizationSummarySchema.optional(),
  candidates: z.array(CandidateSchema).default([]),
  estimatedMonthlySavingsUsd: z.number(),
  catalogDate: z.string().optional(),
  /** Where the savings' price came from: 'list price' (the catalog, dated by catalogDate) or the bill's effective rate; absent = list price. */
  priceSource: z.string().optional(),
  /** off-hours findings: the schedule the VM opted into and the hours a week it would be off. */
  offHours: OffHoursPlanSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** The dimensions a daily cost series is cut by; `total` has the single key `all`. */
export const CostDimensionSchema = z.enum(['total', 'provider', 'billingAccount', 'subAccount', 'service', 'region', 'team', 'env', 'resource', 'usageType']);
export type CostDimension = z.infer<typeof CostDimensionSchema>;

export const AnomalyContributorSchema = z.object({ dimension: CostDimensionSchema, key: z.string(), deltaUsd: z.number() });
export type AnomalyContributor = z.infer<typeof AnomalyContributorSchema>;

/** A cost anomaly on one day of one series, with the band it left and who moved it. */
export const CostAnomalySchema = z.object({
  date: z.string(),
  dimension: CostDimensionSchema,
  key: z.string(),
  severity: z.enum(['minor', 'major', 'critical']),
  expected: z.number(),
  actual: z.number(),
  lower: z.number(),
  upper: z.number(),
  method: z.enum(['seasonal-mad', 'level-shift', 'drift', 'new-service']),
  contributors: z.array(AnomalyContributorSchema),
});
export type CostAnomaly = z.infer<typeof CostAnomalySchema>;
