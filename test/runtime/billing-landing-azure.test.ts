import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSourceReader } from '../../core/index.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { AZURE_EXPORT, csvText, readCsv, scaled } from '../support/billing-exports.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { ingestAlone, LandingWorld } from '../support/landing-world.js';

// Azurite (npm) is the Blob service; the real @azure/storage-blob client lists and downloads.
let azurite: Azurite;
let container: ContainerClient;

beforeAll(async () => {
  azurite = await startAzurite();
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('cost-exports');
  await container.create();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

const put = (name: string, body: string) => container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));

function source(name: string, prefix: string): BillingSourceReader {
  // The connection string stays in the environment; tollgate.yaml names the variable only.
  return billingSourceReader(
    BillingSourceSchema.parse({ kind: 'azure-blob', name, container: 'cost-exports', prefix, connectionStringEnv: 'TEST_AZURITE_CONNECTION' }),
    { TEST_AZURITE_CONNECTION: azurite.connectionString },
  );
}

function manifest(runId: string, blobs: string[]): string {
  return JSON.stringify({
    manifestVersion: '2024-04-01',
    blobCount: blobs.length,
    exportConfig: { exportName: 'daily-actual', type: 'ActualCost', timeFrame: 'MonthToDate' },
    runInfo: {
      executionType: 'Scheduled',
      submittedTime: `2024-10-08T0${blobs.length}:00:00Z`,
      runId,
      startDate: '2024-10-01T00:00:00',
      endDate: '2024-10-31T00:00:00',
    },
    blobs: blobs.map((blobName) => ({ blobName, byteCount: 1, dataRowCount: 1 })),
  });
}

describe('an Azure Blob container of Cost Management exports (Azurite)', () => {
  const world = new LandingWorld();
  const records = readCsv(AZURE_EXPORT);
  const folder = 'billing/daily-actual/20241001-20241031';
  const unit = () => `${container.url}/${folder}`;

  it("lands the newest run's manifest parts as the period, once", async () => {
    const [header, ...rows] = records;
    const half = Math.ceil(rows.length / 2);
    await put(`${folder}/run-1/part_0_0001.csv`, csvText([header!, ...rows.slice(0, half)]));
    await put(`${folder}/run-1/part_0_0002.csv`, csvText([header!, ...rows.slice(half)]));
    await put(`${folder}/run-1/manifest.json`, manifest('run-1', [`${folder}/run-1/part_0_0001.csv`, `${folder}/run-1/part_0_0002.csv`]));
    const [polled] = (await world.poll([source('azure', 'billing')])).sources;
    expect(polled!.failed).toEqual([]);
    const alone = await ingestAlone(csvText(records), 'azure.csv');
    expect(polled!.landed).toEqual([expect.objectContaining({ kind: 'new', unit: unit(), period: '2024-10', assemblyId: 'run-1', rows: alone.rows })]);
    expect(await world.snapshot()).toMatchObject({ bySource: [{ source: unit(), rows: alone.rows, billed: alone.billed }] });

    const before = await world.snapshot();
    const [again] = (await world.poll([source('azure', 'billing')])).sources;
    expect(again).toMatchObject({ landed: [], unchanged: 1 });
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toHaveLength(1);
  });

  it("a later run restates the month: its rows replace the earlier run's", async () => {
    const restated = scaled(records, 'costInBillingCurrency', 1.25);
    await new Promise((r) => setTimeout(r, 1100)); // a later Last-Modified than run-1's manifest
    await put(`${folder}/run-2/part_0_0001.csv`, csvText(restated));
    await put(`${folder}/run-2/manifest.json`, manifest('run-2', [`${folder}/run-2/part_0_0001.csv`]));
    const [polled] = (await world.poll([source('azure', 'billing')])).sources;
    const alone = await ingestAlone(csvText(restated), 'restated.csv');
    expect(polled!.landed).toEqual([expect.objectContaining({ kind: 'restated', assemblyId: 'run-2', rows: alone.rows })]);
    expect(await world.snapshot()).toMatchObject({ bySource: [{ source: unit(), rows: alone.rows, billed: alone.billed }] });
  });

  it('a manifest naming a blob that is not there is reported and lands nothing of that period', async () => {
    const other = 'broken/daily-actual/20241101-20241130';
    await put(`${other}/run-9/manifest.json`, manifest('run-9', [`${other}/run-9/part_0_0001.csv`]));
    const before = await world.snapshot();
    const [polled] = (await world.poll([source('broken', 'broken')])).sources;
    expect(polled!.failed).toEqual([
      expect.objectContaining({
        error: expect.stringMatching(/billing source broken: .*run-9\/manifest\.json: names .*part_0_0001\.csv, not in the container/),
      }),
    ]);
    expect(await world.snapshot()).toEqual(before);
  });
});
