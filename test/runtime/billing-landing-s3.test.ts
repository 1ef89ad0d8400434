import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSourceReader, SourcePollResult } from '../../core/index.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { csvText, CUR2, dataExportsDelivery, LEGACY_CUR, legacyCurDelivery, readCsv, scaled, type DeliveredObject } from '../support/billing-exports.js';
import { ingestAlone, LandingWorld } from '../support/landing-world.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';

// moto's S3 behind the real @aws-sdk/client-s3, as the worker would read a payer account's bucket.
let moto: MotoServer;
let s3: S3Client;
const BUCKET = 'payer-billing';

beforeAll(async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
  moto = await startMotoServer();
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

async function deliver(objects: readonly DeliveredObject[]): Promise<void> {
  for (const o of objects) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.body }));
}

function s3Source(name: string, prefix: string, bucket = BUCKET): BillingSourceReader {
  return billingSourceReader(BillingSourceSchema.parse({ kind: 's3', name, bucket, prefix, endpoint: moto.endpoint, forcePathStyle: true }));
}

const only = (sources: SourcePollResult[], name: string) => sources.find((s) => s.source === name)!;
/** The data of a delivery, one CSV as the parts together would read. */
const joined = (objects: readonly DeliveredObject[]) => {
  const parts = objects.filter((o) => o.key.endsWith('.csv.gz')).map((o) => gunzipSync(o.body).toString('utf8').trimEnd().split('\n'));
  return `${[parts[0]![0], ...parts.flatMap((p) => p.slice(1))].join('\n')}\n`;
};

describe('an S3 bucket with a Data Export (CUR 2.0)', () => {
  const world = new LandingWorld();
  const records = readCsv(CUR2);
  const first = dataExportsDelivery({ bucket: BUCKET, prefix: 'exports', exportName: 'cur2', period: '2025-03', executionId: 'exec-1', records, parts: 2 });

  it('lands the manifest assembly once, under the period, with one audit record', async () => {
    await deliver(first);
    const polled = only((await world.poll([s3Source('cur2', 'exports')])).sources, 'cur2');
    expect(polled.error).toBeUndefined();
    expect(polled.failed).toEqual([]);
    expect(polled.landed).toHaveLength(1);
    const expected = await ingestAlone(joined(first), 'cur2.csv');
    expect(polled.landed[0]).toMatchObject({
      kind: 'new',
      period: '2025-03',
      assemblyId: 'exec-1',
      rows: expected.rows,
      unit: `s3://${BUCKET}/exports/cur2/2025-03`,
    });
    expect(polled.landed[0]!.objects).toHaveLength(2);
    expect(await world.snapshot()).toMatchObject({
      bySource: [{ source: `s3://${BUCKET}/exports/cur2/2025-03`, rows: expected.rows, billed: expected.billed }],
    });
    expect(await world.landRecords()).toHaveLength(1);
  });

  it('landing again, and a re-upload of identical bytes, change nothing', async () => {
    const before = await world.snapshot();
    const again = only((await world.poll([s3Source('cur2', 'exports')])).sources, 'cur2');
    expect(again).toMatchObject({ landed: [], unchanged: 1, failed: [] });
    await deliver(first); // the same objects written again: new LastModified, same bytes
    const reuploaded = only((await world.poll([s3Source('cur2', 'exports')])).sources, 'cur2');
    expect(reuploaded.landed).toEqual([]);
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toHaveLength(1);
  });

  it('a restated period (new execution, other costs, other part count) replaces the period and never double counts', async () => {
    const restated = scaled(records, 'line_item_unblended_cost', 1.25, 1);
    const second = dataExportsDelivery({
      bucket: BUCKET,
      prefix: 'exports',
      exportName: 'cur2',
      period: '2025-03',
      executionId: 'exec-2',
      records: restated,
      parts: 3,
    });
    await deliver(second);
    const polled = only((await world.poll([s3Source('cur2', 'exports')])).sources, 'cur2');
    const expected = await ingestAlone(csvText(restated), 'restated.csv');
    expect(polled.landed).toHaveLength(1);
    expect(polled.landed[0]).toMatchObject({ kind: 'restated', assemblyId: 'exec-2', rows: expected.rows, replacedRows: expected.rows });
    expect(polled.landed[0]!.previousSha256).toMatch(/^[0-9a-f]{64}$/);
    // Exactly the restated content: not the first delivery's rows beside it.
    expect((await world.snapshot()) as object).toMatchObject({ bySource: [{ rows: expected.rows, billed: expected.billed }] });
    const landings = await world.landRecords();
    expect(landings.map((r) => r.step === 'land' && r.output.kind)).toEqual(['new', 'restated']);
  });
});

describe('an S3 bucket with a legacy CUR', () => {
  const world = new LandingWorld();
  const records = readCsv(LEGACY_CUR);
  const period: [string, string] = ['20180601', '20180701'];

  it('lands the current assembly only; a new assembly restates the period and the old one never lands again', async () => {
    const first = legacyCurDelivery({ bucket: BUCKET, prefix: 'cur', report: 'hourly', period, assemblyId: 'a-0001', records, parts: 2 });
    await deliver(first);
    const landed = only((await world.poll([s3Source('legacy', 'cur')])).sources, 'legacy');
    expect(landed.failed).toEqual([]);
    const firstAlone = await ingestAlone(joined(first), 'first.csv');
    expect(landed.landed).toEqual([
      expect.objectContaining({ kind: 'new', period: '2018-06', assemblyId: 'a-0001', format: 'aws-cur', rows: firstAlone.rows }),
    ]);

    const restated = scaled(records, 'lineItem/UnblendedCost', 2);
    const second = legacyCurDelivery({ bucket: BUCKET, prefix: 'cur', report: 'hourly', period, assemblyId: 'a-0002', records: restated, parts: 1 });
    await deliver(second); // overwrites the period's manifest; a-0001's files stay in the bucket, as AWS leaves them
    const again = only((await world.poll([s3Source('legacy', 'cur')])).sources, 'legacy');
    const secondAlone = await ingestAlone(csvText(restated), 'second.csv');
    expect(again.landed).toEqual([expect.objectContaining({ kind: 'restated', assemblyId: 'a-0002', rows: secondAlone.rows, replacedRows: firstAlone.rows })]);
    expect(secondAlone.billed).not.toBe(firstAlone.billed);
    expect(await world.snapshot()).toMatchObject({
      bySource: [{ source: `s3://${BUCKET}/cur/hourly/2018-06`, rows: secondAlone.rows, billed: secondAlone.billed }],
    });
  });
});

describe('bad input in a bucket', () => {
  const world = new LandingWorld();

  it('a malformed manifest and a malformed data file are named; the warehouse keeps what it held; good periods still land', async () => {
    const records = readCsv(CUR2);
    await deliver(dataExportsDelivery({ bucket: BUCKET, prefix: 'mixed', exportName: 'good', period: '2025-03', executionId: 'g-1', records, parts: 1 }));
    await deliver([{ key: 'mixed/broken/metadata/BILLING_PERIOD=2025-03/broken-Manifest.json', body: Buffer.from('{"dataFiles": [') }]);
    const badCost = records.map((r, i) => (i === 3 ? r.map((v, j) => (j === records[0]!.indexOf('line_item_unblended_cost') ? 'twelve' : v)) : r));
    await deliver(
      dataExportsDelivery({ bucket: BUCKET, prefix: 'mixed', exportName: 'badrows', period: '2025-04', executionId: 'b-1', records: badCost, parts: 1 }),
    );

    const polled = only((await world.poll([s3Source('mixed', 'mixed')])).sources, 'mixed');
    expect(polled.landed.map((l) => l.unit)).toEqual([`s3://${BUCKET}/mixed/good/2025-03`]);
    const errors = polled.failed.map((f) => f.error);
    expect(errors).toHaveLength(2);
    expect(errors.find((e) => e.includes('broken-Manifest.json'))).toMatch(/billing source mixed: s3:\/\/payer-billing\/mixed\/broken\/.*not valid JSON/);
    expect(errors.find((e) => e.includes('badrows'))).toMatch(
      /billing source mixed, manifest s3:\/\/payer-billing\/mixed\/badrows\/.*line_item_unblended_cost/,
    );
    const before = await world.snapshot();
    expect(before).toMatchObject({ bySource: [{ source: `s3://${BUCKET}/mixed/good/2025-03` }] });
    // Still broken: the next poll tries again, reports again, and stores nothing more.
    const again = only((await world.poll([s3Source('mixed', 'mixed')])).sources, 'mixed');
    expect(again.failed).toHaveLength(2);
    expect(await world.snapshot()).toEqual(before);
  });

  it('an unreadable source is reported by name and location; the other sources still land', async () => {
    // Other content than the good export above: the same bytes under another name would change nothing.
    const records = scaled(readCsv(CUR2), 'line_item_unblended_cost', 1.5, 2);
    await deliver(dataExportsDelivery({ bucket: BUCKET, prefix: 'fine', exportName: 'cur2', period: '2025-03', executionId: 'f-1', records, parts: 1 }));
    const result = await world.poll([s3Source('gone', 'cur', 'no-such-bucket'), s3Source('fine', 'fine')]);
    expect(only(result.sources, 'gone').error).toMatch(/billing source gone \(s3:\/\/no-such-bucket\/cur\) could not be read: .*bucket/i);
    expect(only(result.sources, 'fine').landed).toHaveLength(1);
  });
});

describe('a restatement that lands under another key than the rows it restates', () => {
  const records = readCsv(CUR2);

  it('a period ingested by path, then delivered as a Data Export: the export replaces the period, with the replacement in the audit log', async () => {
    const world = new LandingWorld();
    const byHand = join(mkdtempSync(join(tmpdir(), 'tollgate-by-hand-')), 'cur2-2025-03.csv');
    writeFileSync(byHand, csvText(records));
    await world.ingestByPath(byHand); // tollgate ingest FILE, before the bucket was configured
    const held = await world.totals();

    const restated = scaled(records, 'line_item_unblended_cost', 1.4, 2);
    await deliver(
      dataExportsDelivery({ bucket: BUCKET, prefix: 'handover', exportName: 'cur2', period: '2025-03', executionId: 'h-1', records: restated, parts: 2 }),
    );
    const polled = only((await world.poll([s3Source('handover', 'handover')])).sources, 'handover');
    const alone = await ingestAlone(csvText(restated), 'restated.csv');
    expect(polled.landed).toEqual([
      expect.objectContaining({
        kind: 'restated',
        period: '2025-03',
        rows: alone.rows,
        replaced: [{ sourceFile: byHand, rows: held.rows, periods: ['2025-03'] }],
      }),
    ]);
    expect(await world.totals()).toEqual(alone);
    const [record] = await world.landRecords();
    expect(record?.step === 'land' && record.output.replaced).toEqual([{ sourceFile: byHand, rows: held.rows, periods: ['2025-03'] }]);
  });

  it("loose files (no manifest): a restated period under a new key replaces the old key's rows; the same bytes under a third key change nothing", async () => {
    const world = new LandingWorld();
    await deliver([{ key: 'loose/2025/03/cur-2025-03.csv', body: Buffer.from(csvText(records)) }]);
    const first = only((await world.poll([s3Source('loose', 'loose')])).sources, 'loose');
    expect(first.landed).toEqual([expect.objectContaining({ kind: 'new', unit: `s3://${BUCKET}/loose/2025/03/cur-2025-03.csv` })]);

    const restated = scaled(records, 'line_item_unblended_cost', 0.5);
    await deliver([{ key: 'loose/2025/03/cur-2025-03-restated.csv', body: Buffer.from(csvText(restated)) }]);
    const second = only((await world.poll([s3Source('loose', 'loose')])).sources, 'loose');
    const alone = await ingestAlone(csvText(restated), 'restated.csv');
    expect(second.landed).toEqual([
      expect.objectContaining({
        kind: 'restated',
        unit: `s3://${BUCKET}/loose/2025/03/cur-2025-03-restated.csv`,
        replaced: [{ sourceFile: `s3://${BUCKET}/loose/2025/03/cur-2025-03.csv`, rows: alone.rows, periods: ['2025-03'] }],
      }),
    ]);
    expect(await world.totals()).toEqual(alone);

    const before = await world.snapshot();
    await deliver([{ key: 'loose/2025/03/copy/cur-2025-03-restated.csv', body: Buffer.from(csvText(restated)) }]);
    const third = only((await world.poll([s3Source('loose', 'loose')])).sources, 'loose');
    expect(third).toMatchObject({ landed: [], unchanged: 3, failed: [] });
    expect(await world.snapshot()).toEqual(before);
    expect((await world.landRecords()).map((r) => r.step === 'land' && r.output.kind)).toEqual(['new', 'restated']);
  });
});
