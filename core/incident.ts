import { z } from 'zod';
import { digestOf } from './canonical.js';
import { CostDimensionSchema } from './finding.js';

/** The dimensions a root cause names, most specific first (the order a reader scans them in). */
export const ROOT_CAUSE_DIMENSIONS = ['resource', 'usageType', 'service', 'region', 'subAccount', 'team', 'env', 'billingAccount', 'provider'] as const;
export const RootCauseDimensionSchema = z.enum(ROOT_CAUSE_DIMENSIONS);
export type RootCauseDimension = z.infer<typeof RootCauseDimensionSchema>;

/**
 * Where the money moved: one key per dimension, a conjunction (service AND account AND …).
 * `{}` is the whole bill. Like AWS Cost Anomaly Detection's root cause (service, account,
 * region, usage type), plus the resource and the owner tags.
 */
export const RootCauseSchema = z.partialRecord(RootCauseDimensionSchema, z.string());
export type RootCause = z.infer<typeof RootCauseSchema>;

/** One candidate explanation of an incident on its first day, with the share of the incident's rise it accounts for. */
export const RootCauseCandidateSchema = z.object({
  dimension: RootCauseDimensionSchema,
  key: z.string(),
  expected: z.number(),
  actual: z.number(),
  /** actual − expected on the incident's first day, in the incident's currency */
  impact: z.number(),
  /** impact ÷ the incident's impact on that day; about 1 when this key alone explains it */
  share: z.number(),
});
export type RootCauseCandidate = z.infer<typeof RootCauseCandidateSchema>;

/** A series that alerted and was grouped into the incident: what the old row-per-series report listed. */
export const AffectedSeriesSchema = z.object({ dimension: CostDimensionSchema, key: z.string(), date: z.string(), method: z.string() });
export type AffectedSeries = z.infer<typeof AffectedSeriesSchema>;

export const IncidentMethodSchema = z.enum(['seasonal-mad', 'level-shift', 'drift', 'new-service']);

/**
 * A cost incident: one root cause over one time window, however many series (total, account,
 * region, team…) it moved. What an AnomalyWorkflow carries and an owner is alerted about.
 */
export const IncidentSchema = z.object({
  /** stable: derived from currency, root cause and first day, so detecting the same spike again gives the same id */
  id: z.string().regex(/^inc_[0-9a-f]{16}$/),
  /** ISO 4217 code of every amount below; incidents never mix currencies */
  currency: z.string(),
  severity: z.enum(['minor', 'major', 'critical']),
  method: IncidentMethodSchema,
  /** first and last day (YYYY-MM-DD, UTC) the root cause stood above its band */
  start: z.string(),
  end: z.string(),
  /** true when the last day of data is still above expected */
  ongoing: z.boolean(),
  /** summed over start..end for the root cause's slice */
  expected: z.number(),
  actual: z.number(),
  /** actual − expected over the window, in `currency` */
  impact: z.number(),
  rootCause: RootCauseSchema,
  /** ranked: most specific first among the keys that explain most of the rise, then by share */
  rootCauses: z.array(RootCauseCandidateSchema),
  affected: z.array(AffectedSeriesSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** `inc_` + 16 hex of sha256 over the canonical {currency, rootCause, start}. */
export function incidentId(currency: string, rootCause: RootCause, start: string): string {
  return `inc_${digestOf({ currency, rootCause, start: start.slice(0, 10) }).slice(0, 16)}`;
}

/** "service=Amazon S3, resource=i-123" (most specific last reads naturally left to right, broadest first). */
export function describeRootCause(rootCause: RootCause): string {
  const parts = [...ROOT_CAUSE_DIMENSIONS]
    .reverse()
    .filter((d) => rootCause[d] !== undefined)
    .map((d) => `${d}=${rootCause[d]}`);
  return parts.length ? parts.join(', ') : 'the whole bill';
}
