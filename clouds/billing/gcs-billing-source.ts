import { Storage, type File } from '@google-cloud/storage';
import type { BillingSourceReader, LandingPart, LandingUnit, SourceListing } from '../../core/index.js';
import { invoiceMonthOf, isBillingObject, unitFingerprint } from '../../core/index.js';

export interface GcsBillingSourceOptions {
  name: string;
  bucket: string;
  prefix: string;
  /** a Private Service Connect endpoint, or an emulator in tests; credentials are sent to it all the same */
  apiEndpoint?: string;
}

// `bq extract --destination_format NEWLINE_DELIMITED_JSON` writes whatever name it is given, most often *.json.
const isExtractObject = (key: string) => isBillingObject(key) || /\.json$/i.test(key);

/**
 * A GCS bucket/prefix of BigQuery billing-export extracts (`bq extract` of the gcp_billing_export
 * table: CSV or newline-delimited JSON, optionally gzipped, often sharded as name-000000000000.csv).
 * As with the folder of extracts, shards whose names (below the prefix) carry the same invoice
 * month are one unit, so a re-extracted month replaces the month. Credentials are Application
 * Default Credentials, always: an `apiEndpoint` does not turn authentication off.
 */
export function gcsBillingSource(options: GcsBillingSourceOptions): BillingSourceReader {
  const storage = new Storage({
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    useAuthWithCustomEndpoint: true,
    scopes: ['https://www.googleapis.com/auth/devstorage.read_only'],
    // Temporal retries the whole source; the client's own retries stay short so a dead endpoint fails within a heartbeat.
    retryOptions: { autoRetry: true, maxRetries: 2, totalTimeout: 60, maxRetryDelay: 8 },
  });
  const bucket = storage.bucket(options.bucket);
  const prefix = options.prefix.replace(/^\/+/, '');
  const uri = (key: string) => `gs://${options.bucket}/${key}`;
  const base = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';

  async function listAll(): Promise<File[]> {
    try {
      // Fail closed: without credentials the client would send the request unsigned ("the API might not care").
      await storage.authClient.getClient();
      const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
      return files;
    } catch (error) {
      throw new Error(listingAdvice(error, options.bucket));
    }
  }

  return {
    name: options.name,
    kind: 'gcs',
    location: uri(prefix),
    async listUnits(): Promise<SourceListing> {
      const byMonth = new Map<string, LandingPart[]>();
      const units: LandingUnit[] = [];
      for (const file of await listAll()) {
        if (file.name.endsWith('/') || !isExtractObject(file.name)) continue;
        const part = partOf(file, uri(file.name));
        const month = invoiceMonthOf(file.name.slice(prefix.length));
        if (month) byMonth.set(month, [...(byMonth.get(month) ?? []), part]);
        else units.push({ unit: part.uri, fingerprint: unitFingerprint({}, [part]), parts: [part], format: 'gcp' });
      }
      for (const [period, parts] of byMonth) {
        parts.sort((a, b) => a.key.localeCompare(b.key));
        units.push({ unit: uri(`${base}invoice-month=${period}`), period, fingerprint: unitFingerprint({}, parts), parts, format: 'gcp' });
      }
      return { units: units.sort((a, b) => a.unit.localeCompare(b.unit)), problems: [] };
    },
    async download(p: LandingPart, toFile: string): Promise<void> {
      // The generation the listing saw: an object rewritten since fails here and lands at the next poll.
      await bucket.file(p.key, p.version ? { generation: p.version } : {}).download({ destination: toFile, validation: 'crc32c' });
    },
  };
}

/**
 * One object as a part. Its fingerprint token is the MD5 of its bytes, so a re-upload of the
 * same bytes is unchanged without a download; composite objects have no MD5, so their
 * generation stands in (any rewrite is fetched, and the SHA-256 of the content decides).
 */
function partOf(file: File, uri: string): LandingPart {
  const { md5Hash, generation, size } = file.metadata;
  const token = md5Hash ? `md5:${md5Hash}` : `generation:${String(generation ?? '')}`;
  return {
    key: file.name,
    uri,
    ...(size !== undefined ? { size: Number(size) } : {}),
    etag: token,
    ...(generation !== undefined && generation !== null ? { version: String(generation) } : {}),
  };
}

/** The listing's error in words that say what to do; never the credentials. */
function listingAdvice(error: unknown, bucket: string): string {
  const status = (error as { code?: unknown }).code;
  const text = (error as Error).message || String(error);
  if (status === 404) return `bucket ${bucket} does not exist (HTTP 404): check billing.sources[].bucket`;
  if (status === 403) return `the worker's principal may not list bucket ${bucket} (HTTP 403: ${text}): grant it roles/storage.objectViewer on the bucket`;
  if (status === 401)
    return `Google rejected the worker's credentials (HTTP 401): run "gcloud auth application-default login" again, or check its service account`;
  if (/default credentials/i.test(text))
    return `no Application Default Credentials (${text}): run "gcloud auth application-default login", or attach a service account to the worker`;
  return text;
}
