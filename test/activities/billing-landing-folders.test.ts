import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { csvText, CUR2, readCsv, scaled } from '../support/billing-exports.js';
import { ingestAlone, LandingWorld } from '../support/landing-world.js';

const GCP_EXTRACT = resolve(process.cwd(), '../shared/data/gcp/koku_gcp_billing_export_202011.csv');
const source = (raw: unknown) => billingSourceReader(BillingSourceSchema.parse(raw));

describe('a local folder of billing files', () => {
  it('lands each file under its own path once; a file rewritten in place replaces its rows; a bad file is named and others land', async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    const records = readCsv(CUR2);
    writeFileSync(join(folder, 'march.csv'), csvText(records));
    writeFileSync(join(folder, 'broken.csv'), 'this,is\nnot,a billing export\n');
    writeFileSync(join(folder, 'notes.json'), '{}'); // metadata beside exports is never a unit
    const drop = source({ kind: 'folder', name: 'drop', path: folder });

    const [first] = (await world.poll([drop])).sources;
    expect(first!.landed).toEqual([expect.objectContaining({ kind: 'new', unit: join(folder, 'march.csv') })]);
    expect(first!.failed).toEqual([expect.objectContaining({ error: expect.stringMatching(/billing source drop, object .*broken\.csv: .*unknown layout/) })]);

    const before = await world.snapshot();
    const [again] = (await world.poll([drop])).sources;
    expect(again!.landed).toEqual([]);
    expect(await world.snapshot()).toEqual(before);

    const restated = scaled(records, 'line_item_unblended_cost', 3, 2);
    writeFileSync(join(folder, 'march.csv'), csvText(restated));
    const [third] = (await world.poll([drop])).sources;
    const alone = await ingestAlone(csvText(restated), 'march.csv');
    expect(third!.landed).toEqual([expect.objectContaining({ kind: 'restated', rows: alone.rows })]);
    expect(await world.snapshot()).toMatchObject({ bySource: [{ source: join(folder, 'march.csv'), rows: alone.rows, billed: alone.billed }] });
    expect(await world.landRecords()).toHaveLength(2);
  });
});

describe('a folder of BigQuery billing-export extracts (GCP)', () => {
  it("lands one invoice month's shards together and replaces the month when it is extracted again", async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-bq-'));
    mkdirSync(join(folder, 'extracts'));
    const [header, ...rows] = readCsv(GCP_EXTRACT);
    const half = Math.ceil(rows.length / 2);
    writeFileSync(join(folder, 'extracts', 'billing-202011-000000000000.csv'), csvText([header!, ...rows.slice(0, half)]));
    writeFileSync(join(folder, 'extracts', 'billing-202011-000000000001.csv'), csvText([header!, ...rows.slice(half)]));
    const extracts = source({ kind: 'bigquery-extract', name: 'gcp', path: folder });

    const [first] = (await world.poll([extracts])).sources;
    const alone = await ingestAlone(csvText([header!, ...rows]), 'all.csv');
    expect(first!.failed).toEqual([]);
    expect(first!.landed).toEqual([
      expect.objectContaining({ kind: 'new', period: '2020-11', format: 'gcp', rows: alone.rows, unit: `${folder}/invoice-month=2020-11` }),
    ]);
    expect(first!.landed[0]!.objects).toHaveLength(2);

    // Re-extracted as one file: the month's rows are replaced, not added.
    const restated = scaled([header!, ...rows], 'cost', 2);
    writeFileSync(join(folder, 'extracts', 'billing-202011-000000000000.csv'), csvText(restated));
    writeFileSync(join(folder, 'extracts', 'billing-202011-000000000001.csv'), csvText([header!]));
    const [second] = (await world.poll([extracts])).sources;
    const restatedAlone = await ingestAlone(csvText(restated), 'restated.csv');
    expect(second!.landed).toEqual([expect.objectContaining({ kind: 'restated', rows: restatedAlone.rows, replacedRows: alone.rows })]);
    expect(await world.snapshot()).toMatchObject({ bySource: [{ rows: restatedAlone.rows, billed: restatedAlone.billed }] });
  });

  it('a file outside any invoice month lands as a unit of its own, read in place', async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-bq1-'));
    copyFileSync(GCP_EXTRACT, join(folder, 'export.csv'));
    const [polled] = (await world.poll([source({ kind: 'bigquery-extract', name: 'gcp', path: folder })])).sources;
    expect(polled!.landed).toEqual([expect.objectContaining({ unit: join(folder, 'export.csv'), objects: [join(folder, 'export.csv')] })]);
  });
});
