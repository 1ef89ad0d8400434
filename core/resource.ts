import { z } from 'zod';

export const ProviderSchema = z.enum(['aws', 'azure', 'gcp', 'sandbox']);
export type Provider = z.infer<typeof ProviderSchema>;

export const ArchitectureSchema = z.enum(['x86_64', 'arm64']);
export type Architecture = z.infer<typeof ArchitectureSchema>;

/** A compute resource as a cloud reports it. Tags are untrusted text. */
export const ResourceSchema = z.object({
  id: z.string().min(1),
  provider: ProviderSchema,
  account: z.string().default('default'),
  region: z.string(),
  kind: z.enum(['vm', 'volume', 'address']).default('vm'),
  name: z.string().default(''),
  sku: z.string(),
  state: z.enum(['running', 'stopped', 'deallocated', 'available', 'in-use', 'deleted', 'unknown']).default('running'),
  tags: z.record(z.string(), z.string()).default({}),
  lastChangedAt: z.string().datetime({ offset: true }).optional(),
  /** Features the resource uses today; a new size must keep them (absent: unknown). */
  uses: z.object({ acceleratedNetworking: z.boolean(), premiumStorage: z.boolean() }).partial().optional(),
  /** Volumes: provisioned size. Volumes and addresses: what the cloud bills per month for it. */
  sizeGiB: z.number().nonnegative().optional(),
  monthlyCostUsd: z.number().nonnegative().optional(),
  /** Volumes: the VM it is attached to; addresses: the VM or interface it is associated with. */
  attachedTo: z.string().optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

/** A machine type with its list price at the catalog's date. */
export const CatalogEntrySchema = z.object({
  provider: ProviderSchema,
  region: z.string(),
  sku: z.string(),
  family: z.string(),
  vcpu: z.number().positive(),
  memoryGiB: z.number().positive(),
  architecture: ArchitectureSchema,
  gpu: z.number().int().nonnegative().default(0),
  /** Whether the size supports these; absent when the catalog does not say. */
  acceleratedNetworking: z.boolean().optional(),
  premiumStorage: z.boolean().optional(),
  hourlyUsd: z.number().nonnegative(),
  catalogDate: z.string(),
  /** intel, amd, aws (Graviton), ampere, ...; absent when the catalog does not say. */
  processorVendor: z.string().optional(),
  /** Product line across generations and vendors: AWS m (m5, m6a, m7g), Azure D, GCE standard. */
  series: z.string().optional(),
  /** Generation within a series (m5 → 5, Standard_D4s_v5 → 5); absent when unknown. */
  generation: z.number().int().optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** Utilization percentiles over a lookback window; memory is absent when no agent reports it. */
export const UtilizationSummarySchema = z.object({
  resourceId: z.string(),
  from: z.string(),
  to: z.string(),
  hoursObserved: z.number().nonnegative(),
  cpu: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), p995: z.number(), max: z.number() }),
  memory: z.object({ p95: z.number(), p99: z.number() }).optional(),
  networkP95Pct: z.number().optional(),
});
export type UtilizationSummary = z.infer<typeof UtilizationSummarySchema>;
