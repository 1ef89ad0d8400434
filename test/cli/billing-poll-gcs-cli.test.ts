import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import type { BillingPollResult } from '../../core/index.js';
import { tollgate } from '../audit/cli-support.js';
import { csvText, readCsv } from '../support/billing-exports.js';
import { startGceMetadataServer, type GceMetadataServer } from '../support/gce-metadata-server.js';
import { startGcsEmulator, type GcsEmulator } from '../support/gcs-emulator.js';

// `tollgate billing poll` as a process against gcp-storage-emulator; its credentials are
// Application Default Credentials from a loopback metadata server (the emulator has no OAuth).
const GCP_EXTRACT = resolve(process.cwd(), '../shared/data/gcp/koku_gcp_billing_export_202011.csv');
const dir = mkdtempSync(join(tmpdir(), 'tollgate-billing-gcs-cli-'));
const config = join(dir, 'tollgate.yaml');
let metadata: GceMetadataServer;
let emulator: GcsEmulator;
let bucket: Bucket;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  metadata = await startGceMetadataServer();
  emulator = await startGcsEmulator(['acme-gcp-billing']);
  // The test's own client writes without credentials (the emulator ignores them).
  bucket = new Storage({ apiEndpoint: emulator.endpoint }).bucket('acme-gcp-billing');
  // Application Default Credentials from the metadata server only: no key file, no gcloud login under HOME.
  env = { TOLLGATE_HOME: dir, HOME: dir, GOOGLE_APPLICATION_CREDENTIALS: '', ...metadata.env };
  writeFileSync(
    config,
    [
      'clouds:',
      '  sandbox: {}',
      'billing:',
      '  pollInterval: 5m',
      '  sources:',
      '    - kind: gcs',
      '      name: gcp',
      '      bucket: acme-gcp-billing',
      '      prefix: extracts',
      `      apiEndpoint: ${emulator.endpoint}`,
      '',
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  await metadata?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('tollgate billing poll with a gcs source', () => {
  it('lands an extracted month with progress on stderr, then finds nothing new; no token in its output', async () => {
    await bucket.file('extracts/gcp_billing_export_202011-000000000000.csv').save(csvText(readCsv(GCP_EXTRACT)), { resumable: false });
    const first = await tollgate(['billing', 'poll', '--config', config], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/gcp: 1 unit\(s\) listed/);
    expect(first.stderr).toMatch(/gcp: new gs:\/\/acme-gcp-billing\/extracts\/invoice-month=2020-11 \(\d+ rows\)/);
    expect(first.stdout).toMatch(/^SOURCE\s+KIND\s+UNITS\s+LANDED\s+RESTATED\s+UNCHANGED\s+FAILED\ngcp\s+gcs\s+1\s+1\s+0\s+0\s+0\n$/);
    expect(metadata.tokenRequests).toBeGreaterThan(0);
    expect(first.stdout + first.stderr).not.toContain(metadata.token);

    const second = await tollgate(['billing', 'poll', '--config', config, '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as BillingPollResult;
    expect(result.sources).toEqual([expect.objectContaining({ source: 'gcp', kind: 'gcs', landed: [], unchanged: 1, failed: [] })]);
    const audit = openAuditStore(join(dir, 'audit.sqlite'));
    try {
      const records = await audit.records({ step: 'land' });
      expect(records).toEqual([expect.objectContaining({ output: expect.objectContaining({ kind: 'new', sourceKind: 'gcs', period: '2020-11' }) })]);
      expect(JSON.stringify(records)).not.toContain(metadata.token);
    } finally {
      await audit.close();
    }
  }, 120_000);

  it('exits 1 naming the source and the object it could not land', async () => {
    await bucket.file('extracts/gcp_billing_export_202012-000000000000.csv').save('a,b\n1,2\n', { resumable: false });
    const run = await tollgate(['billing', 'poll', '--config', config], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: billing source gcp, object gs:\/\/acme-gcp-billing\/extracts\/gcp_billing_export_202012-000000000000\.csv: /);
  }, 120_000);

  it('without Application Default Credentials it fails closed, apiEndpoint or not, saying how to sign in', async () => {
    // No key file, no gcloud login under HOME, no metadata server: nothing is sent unsigned.
    const home = mkdtempSync(join(tmpdir(), 'tollgate-no-adc-'));
    const run = await tollgate(['billing', 'poll', '--config', config], {
      TOLLGATE_HOME: dir,
      HOME: home,
      GOOGLE_APPLICATION_CREDENTIALS: '',
      GCE_METADATA_HOST: '',
      METADATA_SERVER_DETECTION: 'none',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /error: billing source gcp \(gs:\/\/acme-gcp-billing\/extracts\) could not be read: no Application Default Credentials .*gcloud auth application-default login/,
    );
    rmSync(home, { recursive: true, force: true });
  }, 120_000);
});
