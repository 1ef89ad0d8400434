import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSourceReader, SourcePollResult } from '../../core/index.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { csvText, readCsv, scaled } from '../support/billing-exports.js';
import { startGceMetadataServer, type GceMetadataServer } from '../support/gce-metadata-server.js';
import { startGcsEmulator, type GcsEmulator } from '../support/gcs-emulator.js';
import { ingestAlone, LandingWorld } from '../support/landing-world.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';

// gcp-storage-emulator (PyPI) is Cloud Storage; the real @google-cloud/storage client lists and
// downloads through a recording proxy (to count downloads), signed in with Application Default
// Credentials from a loopback metadata server, since the emulator has no OAuth of its own.
const GCP_EXTRACT = resolve(process.cwd(), '../shared/data/gcp/koku_gcp_billing_export_202011.csv');
const GCP_JSONL = resolve(process.cwd(), 'test/fixtures/ingest/gcp-billing-export.jsonl');
const BUCKET = 'acme-gcp-billing';

let metadata: GceMetadataServer;
let emulator: GcsEmulator;
let proxy: RecordingProxy;
let bucket: Bucket;

const savedEnv = { GOOGLE_APPLICATION_CREDENTIALS: process.env.GOOGLE_APPLICATION_CREDENTIALS, HOME: process.env.HOME };

beforeAll(async () => {
  metadata = await startGceMetadataServer();
  emulator = await startGcsEmulator([BUCKET]);
  // Application Default Credentials from the metadata server only: no key file, no gcloud login of this machine's user.
  delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  Object.assign(process.env, metadata.env, { HOME: mkdtempSync(join(tmpdir(), 'tollgate-gcs-home-')) });
  proxy = await startRecordingProxy(emulator.endpoint);
  bucket = new Storage({ apiEndpoint: emulator.endpoint }).bucket(BUCKET);
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
  await metadata?.stop();
  for (const key of Object.keys(metadata?.env ?? {})) delete process.env[key];
  for (const [key, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[key] = value;
});

const put = (key: string, body: string) => bucket.file(key).save(body, { resumable: false });
const only = (sources: SourcePollResult[], name: string) => sources.find((s) => s.source === name)!;
const downloads = (since: number) => proxy.requests.slice(since).filter((r) => /[?&]alt=media/.test(r.url)).length;

function gcsSource(name: string, prefix: string, bucketName = BUCKET): BillingSourceReader {
  return billingSourceReader(BillingSourceSchema.parse({ kind: 'gcs', name, bucket: bucketName, prefix, apiEndpoint: proxy.endpoint }));
}

describe('a GCS bucket of BigQuery billing-export extracts (gcp-storage-emulator)', () => {
  const world = new LandingWorld();
  const [header, ...rows] = readCsv(GCP_EXTRACT);
  const half = Math.ceil(rows.length / 2);
  const shard = (n: number) => `billing/202011/gcp_billing_export-00000000000${n}.csv`;
  const monthUnit = `gs://${BUCKET}/billing/invoice-month=2020-11`;
  const jsonl = readFileSync(GCP_JSONL, 'utf8');

  it("lands one invoice month's shards together and an NDJSON extract on its own, each once, with ADC", async () => {
    await put(shard(0), csvText([header!, ...rows.slice(0, half)]));
    await put(shard(1), csvText([header!, ...rows.slice(half)]));
    await put('billing/march/gcp_billing_export-000000000000.json', jsonl);
    await put('billing/202011/_extract-notes.txt', 'not billing data');
    const mark = proxy.requests.length;

    const polled = only((await world.poll([gcsSource('gcp', 'billing')])).sources, 'gcp');
    expect(polled.error).toBeUndefined();
    expect(polled.failed).toEqual([]);
    const month = await ingestAlone(csvText([header!, ...rows]), 'all.csv');
    const march = await ingestAlone(jsonl, 'march.jsonl');
    expect(polled.landed).toEqual([
      expect.objectContaining({ kind: 'new', sourceKind: 'gcs', unit: monthUnit, period: '2020-11', format: 'gcp', rows: month.rows }),
      expect.objectContaining({ kind: 'new', unit: `gs://${BUCKET}/billing/march/gcp_billing_export-000000000000.json`, rows: march.rows }),
    ]);
    expect(polled.landed[0]!.objects).toEqual([`gs://${BUCKET}/${shard(0)}`, `gs://${BUCKET}/${shard(1)}`]);
    expect(await world.snapshot()).toMatchObject({
      bySource: [
        { source: monthUnit, rows: month.rows, billed: month.billed },
        { source: `gs://${BUCKET}/billing/march/gcp_billing_export-000000000000.json`, rows: march.rows, billed: march.billed },
      ],
    });
    expect(downloads(mark)).toBe(3);

    // Application Default Credentials signed every call, and the token went nowhere else.
    expect(metadata.tokenRequests).toBeGreaterThan(0);
    const sent = proxy.requests.slice(mark);
    expect(sent.every((r) => r.authorization === `Bearer ${metadata.token}`)).toBe(true);
    const records = await world.landRecords();
    expect(records).toHaveLength(2);
    expect(JSON.stringify([polled, records])).not.toContain(metadata.token);
  });

  it('a second poll changes nothing and downloads nothing; re-uploading identical bytes (a new generation) neither', async () => {
    const before = await world.snapshot();
    let mark = proxy.requests.length;
    const again = only((await world.poll([gcsSource('gcp', 'billing')])).sources, 'gcp');
    expect(again).toMatchObject({ units: 2, landed: [], unchanged: 2, failed: [] });
    expect(downloads(mark)).toBe(0);

    const [before0] = await bucket.file(shard(0)).getMetadata();
    await put(shard(0), csvText([header!, ...rows.slice(0, half)]));
    const [after0] = await bucket.file(shard(0)).getMetadata();
    expect(after0.generation).not.toBe(before0.generation);
    mark = proxy.requests.length;
    const reuploaded = only((await world.poll([gcsSource('gcp', 'billing')])).sources, 'gcp');
    expect(reuploaded).toMatchObject({ landed: [], unchanged: 2, failed: [] });
    expect(downloads(mark)).toBe(0);
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toHaveLength(2);
  });

  it('a re-extracted month (other costs, one shard instead of two) replaces the month: equal to the restated content alone', async () => {
    const restated = scaled([header!, ...rows], 'cost', 1000);
    await put(shard(0), csvText(restated));
    await bucket.file(shard(1)).delete();
    const polled = only((await world.poll([gcsSource('gcp', 'billing')])).sources, 'gcp');
    const alone = await ingestAlone(csvText(restated), 'restated.csv');
    const first = await ingestAlone(csvText([header!, ...rows]), 'all.csv');
    expect(alone.billed).not.toBe(first.billed);
    expect(polled.landed).toEqual([
      expect.objectContaining({ kind: 'restated', unit: monthUnit, rows: alone.rows, replacedRows: first.rows, objects: [`gs://${BUCKET}/${shard(0)}`] }),
    ]);
    expect(polled.landed[0]!.previousSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(polled.unchanged).toBe(1);
    expect(await world.snapshot()).toMatchObject({ bySource: [{ source: monthUnit, rows: alone.rows, billed: alone.billed }, {}] });
    const landings = await world.landRecords();
    expect(landings.map((r) => r.step === 'land' && r.output.kind)).toEqual(['new', 'new', 'restated']);
  });
});

describe('bad input in a GCS bucket', () => {
  const world = new LandingWorld();

  it('a malformed object is named by source and object; the warehouse keeps what it held; the other extracts land', async () => {
    const records = readCsv(GCP_EXTRACT);
    await put('mixed/gcp_billing_export_202011-000000000000.csv', csvText(records));
    await put('mixed/gcp_billing_export_202012-000000000000.csv', 'this,is\nnot,a billing export\n');
    const costAt = records[0]!.indexOf('cost');
    await put(
      'mixed/gcp_billing_export_202010-000000000000.csv',
      csvText(records.map((r, i) => (i === 2 ? r.map((v, j) => (j === costAt ? 'twelve' : v)) : r))),
    );

    const polled = only((await world.poll([gcsSource('mixed', 'mixed')])).sources, 'mixed');
    expect(polled.landed.map((l) => l.unit)).toEqual([`gs://${BUCKET}/mixed/invoice-month=2020-11`]);
    const errors = polled.failed.map((f) => f.error);
    expect(errors).toHaveLength(2);
    expect(errors.find((e) => e.includes('202012'))).toMatch(
      /^billing source mixed, object gs:\/\/acme-gcp-billing\/mixed\/gcp_billing_export_202012-000000000000\.csv: .*missing column for the gcp layout/,
    );
    expect(errors.find((e) => e.includes('202010'))).toMatch(/^billing source mixed, object gs:\/\/acme-gcp-billing\/mixed\/gcp_billing_export_202010-.*cost/);
    expect(polled.failed.map((f) => f.objects)).toContainEqual([`gs://${BUCKET}/mixed/gcp_billing_export_202012-000000000000.csv`]);

    // Still broken: the next poll reports it again and stores nothing more.
    const before = await world.snapshot();
    const again = only((await world.poll([gcsSource('mixed', 'mixed')])).sources, 'mixed');
    expect(again.failed).toHaveLength(2);
    expect(again.unchanged).toBe(1);
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toHaveLength(1);
  });

  it('a missing bucket is reported by name and location; the other sources still land', async () => {
    // Other costs than the month an earlier test landed: identical content under another name lands nothing.
    await put('fine/gcp_billing_export_202011-000000000000.csv', csvText(scaled(readCsv(GCP_EXTRACT), 'cost', 3)));
    const result = await world.poll([gcsSource('gone', 'billing', 'no-such-bucket'), gcsSource('fine', 'fine')]);
    expect(only(result.sources, 'gone').error).toBe(
      'billing source gone (gs://no-such-bucket/billing) could not be read: bucket no-such-bucket does not exist (HTTP 404): check billing.sources[].bucket; ' +
        "check the source's settings in tollgate.yaml and the worker's access",
    );
    // The month the malformed-object test landed under mixed/ is restated by this one.
    expect(only(result.sources, 'fine').landed).toEqual([expect.objectContaining({ kind: 'restated', unit: `gs://${BUCKET}/fine/invoice-month=2020-11` })]);
  });
});

describe('the gcs source in tollgate.yaml', () => {
  it('takes a bucket name, not a gs:// URL, and no secret', () => {
    expect(() => BillingSourceSchema.parse({ kind: 'gcs', name: 'gcp', bucket: 'gs://acme-gcp-billing' })).toThrow(/GCS bucket name/);
    expect(() => BillingSourceSchema.parse({ kind: 'gcs', name: 'gcp', bucket: 'acme', keyFile: '/tmp/key.json' })).toThrow(/keyFile/);
    expect(BillingSourceSchema.parse({ kind: 'gcs', name: 'gcp', bucket: 'acme' })).toEqual({ kind: 'gcs', name: 'gcp', bucket: 'acme', prefix: '' });
  });
});
