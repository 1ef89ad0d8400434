import { createHash } from 'node:crypto';
import type { LandingPart } from './billing-landing.js';

/** Changes whenever the manifest or any object of a unit does: key, size or ETag. */
export function unitFingerprint(manifest: { key?: string; etag?: string; assemblyId?: string }, parts: readonly LandingPart[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ manifest, parts: parts.map((p) => [p.key, p.size ?? null, p.etag ?? null]) }));
  return hash.digest('hex');
}

/** YYYY-MM from what exports call a period start: 20261101T000000.000Z, 2026-11-01T00:00:00Z, 20261101-20261201, BILLING_PERIOD=2026-11. */
export function periodOf(text: string | undefined): string | undefined {
  const match = text ? /(\d{4})-?(\d{2})/.exec(text) : null;
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/** The invoice month a BigQuery extract's name carries (202611 or 2026-11 between non-digits), as YYYY-MM. */
export function invoiceMonthOf(name: string): string | undefined {
  return periodOf(/(?:^|\D)(20\d{2}-?(?:0[1-9]|1[0-2]))(?:\D|$)/.exec(name)?.[1]);
}

// Plain .json in a bucket is usually metadata, not an export (the same rule as `tollgate ingest FOLDER`).
const BILLING_OBJECT = /\.(csv|csv\.gz|parquet|pq|jsonl|ndjson|jsonl\.gz|ndjson\.gz|json\.gz)$/i;

export function isBillingObject(key: string): boolean {
  return BILLING_OBJECT.test(key);
}
