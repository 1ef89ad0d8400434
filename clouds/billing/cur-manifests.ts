import { z } from 'zod';
import { periodOf } from '../../core/index.js';

/**
 * The two manifests AWS writes beside billing data (docs/billing-landing.md):
 * - legacy CUR: `<prefix>/<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json` (the period's current
 *   assembly; each assembly also keeps its own copy under `<assemblyId>/`), listing `reportKeys`;
 * - Data Exports (CUR 2.0, FOCUS): `<prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/…-Manifest.json`,
 *   listing `dataFiles` as s3:// URIs.
 */

const LegacyCurManifestSchema = z.looseObject({
  assemblyId: z.string().min(1),
  reportName: z.string().min(1).optional(),
  billingPeriod: z.looseObject({ start: z.string(), end: z.string().optional() }),
  reportKeys: z.array(z.string().min(1)),
});

const DataExportsManifestSchema = z.looseObject({
  executionId: z.string().min(1).optional(),
  exportName: z.string().min(1).optional(),
  billingPeriod: z.looseObject({ start: z.string(), end: z.string().optional() }).optional(),
  dataFiles: z.array(z.string().min(1)),
});

export interface ParsedManifest {
  layout: 'cur' | 'cur2';
  /** report or export name: one unit per name and period */
  name: string;
  period: string;
  assemblyId: string | undefined;
  /** object keys in the same bucket, in the manifest's order */
  dataKeys: string[];
  /** legacy CUR's period-level manifest: the current assembly, preferred over the copies under each assembly id */
  current: boolean;
}

/** Reads one manifest; an error says what is wrong with it (the caller names the object). */
export function parseCurManifest(key: string, text: string, bucket: string): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const legacy = LegacyCurManifestSchema.safeParse(json);
  if (legacy.success) {
    const m = legacy.data;
    const period = periodOf(m.billingPeriod.start);
    if (!period) throw new Error(`billingPeriod.start ${JSON.stringify(m.billingPeriod.start)} is not a date`);
    const segments = key.split('/');
    const current = /^\d{8}-\d{8}$/.test(segments.at(-2) ?? '');
    return { layout: 'cur', name: m.reportName ?? nameFromKey(key), period, assemblyId: m.assemblyId, dataKeys: m.reportKeys, current };
  }
  const exports = DataExportsManifestSchema.safeParse(json);
  if (exports.success) {
    const m = exports.data;
    const period = periodOf(m.billingPeriod?.start) ?? periodOf(/BILLING_PERIOD=([\d-]+)/.exec(key)?.[1]);
    if (!period) throw new Error('no billingPeriod.start and no BILLING_PERIOD=YYYY-MM in its key');
    return {
      layout: 'cur2',
      name: m.exportName ?? nameFromKey(key),
      period,
      assemblyId: m.executionId,
      dataKeys: m.dataFiles.map((file) => keyOfDataFile(file, bucket)),
      current: false,
    };
  }
  throw new Error('neither a legacy CUR manifest (assemblyId, billingPeriod, reportKeys) nor a Data Exports manifest (dataFiles)');
}

function nameFromKey(key: string): string {
  return (key.split('/').at(-1) ?? key).replace(/-?Manifest\.json$/i, '') || 'export';
}

/** Data Exports lists s3://bucket/key; a file in another bucket cannot be read with this source's settings. */
function keyOfDataFile(file: string, bucket: string): string {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(file);
  if (!match) return file.replace(/^\/+/, '');
  if (match[1] !== bucket) throw new Error(`dataFiles names ${file}, outside bucket ${bucket}`);
  return match[2]!;
}
