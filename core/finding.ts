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
  flags: z.array(z.enum(['architecture-change', 'gpu', 'cross-memory-class'])).default([]),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/** A deterministic finding: what detect/ saw and the numbers that justify it. */
export const FindingSchema = z.object({
  id: z.string(),
  kind: z.enum(['rightsizing', 'idle', 'anomaly', 'orphan-volume', 'orphan-address']),
  provider: ProviderSchema,
  resourceId: z.string(),
  region: z.string(),
  currentSku: z.string(),
  summary: z.string(),
  detectedAt: z.string(),
  utilization: UtilizationSummarySchema.optional(),
  candidates: z.array(CandidateSchema).default([]),
  estimatedMonthlySavingsUsd: z.number(),
  catalogDate: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;
