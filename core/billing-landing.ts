import { z } from 'zod';

/**
 * Billing data that lands by itself (docs/billing-landing.md): each configured source is listed
 * as units — one file, or one billing period's manifest assembly — and a unit whose fingerprint
 * changed is downloaded and ingested under a stable name, so a restatement replaces its period.
 */

/** The layouts a source may declare; `auto` lets ingest sniff the header. */
export type LandingFormat = 'auto' | 'focus' | 'aws-cur' | 'aws-cur2' | 'azure' | 'gcp';

/** One object a unit is made of. */
export interface LandingPart {
  /** the object's key (bucket/container relative) or the file's path under the folder */
  key: string;
  /** where it is, for messages and the audit log: s3://…, https://…/container/…, file path */
  uri: string;
  size?: number;
  /** S3 ETag, blob ETag or a file's mtime: changes when the object does */
  etag?: string;
  /** a file on this machine already: ingested in place, never copied */
  localPath?: string;
  /** the object version the listing saw (a GCS generation): download fetches exactly it */
  version?: string;
}

/** What lands as one: replaced as a whole when it changes. */
export interface LandingUnit {
  /** stable across restatements: the warehouse's source name for its rows */
  unit: string;
  /** the billing period it covers (YYYY-MM), when the source says */
  period?: string;
  /** the manifest that assembled it (its key), when there is one */
  manifest?: string;
  /** manifest assembly id or execution id, when there is one */
  assemblyId?: string;
  /** changes whenever the unit's objects do (keys, sizes, ETags, assembly): decides "look again" */
  fingerprint: string;
  parts: LandingPart[];
  format: LandingFormat;
}

/** Something in a source that cannot land: which objects, and why in words that say what to do. */
export interface LandingProblem {
  objects: string[];
  error: string;
}

export interface SourceListing {
  units: LandingUnit[];
  problems: LandingProblem[];
}

/** A configured source as the landing sees it: list, then fetch. */
export interface BillingSourceReader {
  name: string;
  kind: 'folder' | 's3' | 'azure-blob' | 'bigquery-extract' | 'gcs';
  /** where it points, for messages: s3://bucket/prefix, gs://bucket/prefix, a folder path, a container URL */
  location: string;
  /** every unit the source holds now, and objects it could not make sense of (a malformed manifest) */
  listUnits(): Promise<SourceListing>;
  /** copies one part to a local file (parts with localPath are never fetched) */
  download(part: LandingPart, toFile: string): Promise<void>;
}

/** The audit record of one landing: what came in, from where, and what it replaced. */
export const LandOutputSchema = z.object({
  /** new: first time this unit landed and nothing was held for its periods; restated: it replaced rows held before (its own earlier content, or its periods under another name) */
  kind: z.enum(['new', 'restated']),
  source: z.string(),
  sourceKind: z.string(),
  unit: z.string(),
  period: z.string().optional(),
  manifest: z.string().optional(),
  assemblyId: z.string().optional(),
  objects: z.array(z.string()),
  sha256: z.string(),
  ingestId: z.string(),
  format: z.string(),
  rows: z.number().int().nonnegative(),
  replacedRows: z.number().int().nonnegative(),
  /** the content it replaced (restated only) */
  previousSha256: z.string().optional(),
  /**
   * Rows other names held for the billing periods this landing restates (a file ingested by path,
   * another unit), now replaced: the period decides, not the name (docs/billing-landing.md).
   */
  replaced: z.array(z.object({ sourceFile: z.string(), rows: z.number().int().nonnegative(), periods: z.array(z.string()) })).optional(),
});
export type LandOutput = z.infer<typeof LandOutputSchema>;

/** One source's poll: what landed, what was already held, what could not be read. */
export interface SourcePollResult {
  source: string;
  kind: string;
  location: string;
  units: number;
  landed: LandOutput[];
  unchanged: number;
  /** units that did not land: each names the source, the objects and what to do */
  failed: { unit: string; objects: string[]; error: string }[];
  /** the source itself could not be listed: nothing of it landed */
  error?: string;
}

export interface BillingPollResult {
  landingId: string;
  sources: SourcePollResult[];
  /** the anomaly scan this landing started (only when something landed) */
  anomalyScan?: string;
}
