import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillingSourceSchema } from '../../runtime/billing-schema.js';
import { billingSourceReader } from '../../runtime/billing-sources.js';
import { csvText, CUR2, readCsv, scaled } from '../support/billing-exports.js';
import { cur2Bill } from '../support/cur2-bill.js';
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

describe('a restatement under another name: the billing period decides what is replaced', () => {
  const line = (resource: string, dailyUsd: number) => ({ resource, service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd });
  /** Two months of one payer's Data Export, March and April 2025, as one CSV per month. */
  const months = cur2Bill({ start: '2025-03-01', days: 61, lines: [line('i-0a', 40), line('i-0b', 25)] });
  const march = months.get('2025-03')!;
  const april = months.get('2025-04')!;
  const bothMonths = [...march, ...april.slice(1)];
  const aprilRestated = scaled(april, 'line_item_unblended_cost', 1.3);

  it('a file ingested by path, then its restated period dropped in a folder under another name: the period is replaced, never double counted', async () => {
    const world = new LandingWorld();
    const byHand = join(mkdtempSync(join(tmpdir(), 'tollgate-by-hand-')), 'cur-2025-03.csv');
    const restated = scaled(march, 'line_item_unblended_cost', 1.5, 3);
    writeFileSync(byHand, csvText(march));
    await world.ingestByPath(byHand); // tollgate ingest FILE
    const heldBefore = await world.totals();

    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    writeFileSync(join(folder, 'cur-2025-03-v2.csv'), csvText(restated));
    const [polled] = (await world.poll([source({ kind: 'folder', name: 'drop', path: folder })])).sources;

    const alone = await ingestAlone(csvText(restated), 'restated.csv');
    expect(polled!.landed).toEqual([
      expect.objectContaining({
        kind: 'restated',
        unit: join(folder, 'cur-2025-03-v2.csv'),
        rows: alone.rows,
        replacedRows: heldBefore.rows,
        replaced: [{ sourceFile: byHand, rows: heldBefore.rows, periods: ['2025-03'] }],
      }),
    ]);
    expect(await world.totals()).toEqual(alone);
    // The hand-ingested file holds nothing any more, and its record says so.
    const snapshot = (await world.snapshot()) as { bySource: { source: string }[]; files: { source_file: string; rows: number }[] };
    expect(snapshot.bySource.map((s) => s.source)).toEqual([join(folder, 'cur-2025-03-v2.csv')]);
    expect(snapshot.files.find((f) => f.source_file === byHand)?.rows).toBe(0);

    const [record, ...more] = await world.landRecords();
    expect(more).toEqual([]);
    expect(record?.step === 'land' && record.output).toMatchObject({ kind: 'restated', replaced: [{ sourceFile: byHand, periods: ['2025-03'] }] });
    expect(record?.outcome).toContain(`${heldBefore.rows} of them held as ${byHand} (2025-03)`);

    // The superseded content arriving again (copied under a third name) does not take the period back.
    writeFileSync(join(folder, 'cur-2025-03-old-copy.csv'), csvText(march));
    const [again] = (await world.poll([source({ kind: 'folder', name: 'drop', path: folder })])).sources;
    expect(again).toMatchObject({ landed: [], failed: [] });
    expect(await world.totals()).toEqual(alone);
    expect(await world.landRecords()).toHaveLength(1);
  });

  it('identical content under another name changes nothing and records nothing', async () => {
    const world = new LandingWorld();
    const byHand = join(mkdtempSync(join(tmpdir(), 'tollgate-by-hand-')), 'march.csv');
    writeFileSync(byHand, csvText(march));
    await world.ingestByPath(byHand);
    const before = await world.snapshot();

    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    writeFileSync(join(folder, 'copy-of-march.csv'), csvText(march));
    const drop = source({ kind: 'folder', name: 'drop', path: folder });
    const [polled] = (await world.poll([drop])).sources;
    expect(polled).toMatchObject({ landed: [], unchanged: 1, failed: [] });
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toEqual([]);
    // And it is not looked at again.
    const [again] = (await world.poll([drop])).sources;
    expect(again).toMatchObject({ landed: [], unchanged: 1 });
  });

  it('only the restated period goes: a two-month file keeps the month not restated', async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    writeFileSync(join(folder, 'spring.csv'), csvText(bothMonths));
    const drop = source({ kind: 'folder', name: 'drop', path: folder });
    await world.poll([drop]);

    writeFileSync(join(folder, 'april-restated.csv'), csvText(aprilRestated));
    const [polled] = (await world.poll([drop])).sources;
    const aprilAlone = await ingestAlone(csvText(april), 'april.csv');
    expect(polled!.landed).toEqual([
      expect.objectContaining({ kind: 'restated', replaced: [{ sourceFile: join(folder, 'spring.csv'), rows: aprilAlone.rows, periods: ['2025-04'] }] }),
    ]);
    expect(await world.totals()).toEqual(await ingestAlone(csvText([...march, ...aprilRestated.slice(1)]), 'expected.csv'));
    // The folder lists spring.csv unchanged: it does not land again and bring April back.
    const [third] = (await world.poll([drop])).sources;
    expect(third).toMatchObject({ landed: [], unchanged: 2 });
  });

  it('a restatement that fails after its period was cleared (a currency clash) leaves every row as it was: one transaction', async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    writeFileSync(join(folder, 'spring.csv'), csvText(bothMonths));
    const drop = source({ kind: 'folder', name: 'drop', path: folder });
    await world.poll([drop]);
    const before = await world.snapshot();

    const currency = april[0]!.indexOf('line_item_currency_code');
    const inEuros = aprilRestated.map((r, i) => (i === 0 ? r : r.map((v, j) => (j === currency ? 'EUR' : v))));
    writeFileSync(join(folder, 'april-restated.csv'), csvText(inEuros));
    const [polled] = (await world.poll([drop])).sources;
    expect(polled!.landed).toEqual([]);
    expect(polled!.failed).toEqual([expect.objectContaining({ error: expect.stringMatching(/april-restated\.csv.*more than one currency/) })]);
    expect(await world.snapshot()).toEqual(before);
    expect(await world.landRecords()).toHaveLength(1);
  });

  it('another billing account in the same period is not a restatement: both are kept', async () => {
    const world = new LandingWorld();
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-drop-'));
    const payer = march[0]!.indexOf('bill_payer_account_id');
    const otherPayer = march.map((r, i) => (i === 0 ? r : r.map((v, j) => (j === payer ? '999988887777' : v))));
    writeFileSync(join(folder, 'payer-a.csv'), csvText(march));
    writeFileSync(join(folder, 'payer-b.csv'), csvText(scaled(otherPayer, 'line_item_unblended_cost', 2)));
    const [polled] = (await world.poll([source({ kind: 'folder', name: 'drop', path: folder })])).sources;
    expect(polled!.landed.map((l) => [l.kind, l.replaced])).toEqual([
      ['new', undefined],
      ['new', undefined],
    ]);
    const a = await ingestAlone(csvText(march), 'a.csv');
    const b = await ingestAlone(csvText(scaled(otherPayer, 'line_item_unblended_cost', 2)), 'b.csv');
    expect((await world.totals()).rows).toBe(a.rows + b.rows);
  });
});
