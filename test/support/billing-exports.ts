import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

/** Billing deliveries as AWS and Azure lay them out, built from real sample exports for the tests. */

export const LEGACY_CUR = resolve(process.cwd(), '../shared/data/aws/koku_test_cur_legacy_2018-06.csv');
export const CUR2 = resolve(process.cwd(), 'test/fixtures/ingest/aws-cur2-sample.csv');
export const AZURE_EXPORT = resolve(process.cwd(), 'test/fixtures/ingest/azure-mca-camel-actual.csv');

export interface DeliveredObject {
  key: string;
  body: Buffer;
}

/** A CSV's records, header first. */
export function readCsv(path: string): string[][] {
  return parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { relaxColumnCount: true }) as string[][];
}

export function csvText(records: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${records.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

/** The same records with one column multiplied (a restated cost). */
export function scaled(records: readonly string[][], column: string, factor: number, onlyRow?: number): string[][] {
  const at = records[0]!.indexOf(column);
  if (at < 0) throw new Error(`no column ${column}`);
  return records.map((r, i) => (i === 0 || (onlyRow !== undefined && i !== onlyRow) ? r : r.map((v, j) => (j === at ? String(Number(v) * factor) : v))));
}

/** Records split into `parts` gzip CSVs, each with the header. */
export function gzipParts(records: readonly string[][], parts: number): Buffer[] {
  const [header, ...rows] = records;
  const size = Math.ceil(rows.length / parts);
  return Array.from({ length: parts }, (_, i) => gzipSync(csvText([header!, ...rows.slice(i * size, (i + 1) * size)])));
}

/** Legacy CUR: `<prefix>/<report>/<yyyymmdd-yyyymmdd>/<assembly>/<report>-N.csv.gz`, the period's manifest and the assembly's copy. */
export function legacyCurDelivery(options: {
  bucket: string;
  prefix: string;
  report: string;
  period: [string, string];
  assemblyId: string;
  records: string[][];
  parts: number;
}): DeliveredObject[] {
  const folder = `${options.prefix}/${options.report}/${options.period[0]}-${options.period[1]}`;
  const data = gzipParts(options.records, options.parts).map((body, i) => ({ key: `${folder}/${options.assemblyId}/${options.report}-${i + 1}.csv.gz`, body }));
  const manifest = Buffer.from(
    JSON.stringify({
      assemblyId: options.assemblyId,
      account: '683863560310',
      columns: options.records[0]!.map((name) => ({ category: name.split('/')[0], name: name.split('/')[1] })),
      charset: 'UTF-8',
      compression: 'GZIP',
      contentType: 'text/csv',
      reportId: 'b0f6c1e0a2',
      reportName: options.report,
      billingPeriod: { start: `${options.period[0]}T000000.000Z`, end: `${options.period[1]}T000000.000Z` },
      bucket: options.bucket,
      reportKeys: data.map((d) => d.key),
      additionalArtifactKeys: [],
    }),
  );
  return [
    ...data,
    { key: `${folder}/${options.assemblyId}/${options.report}-Manifest.json`, body: manifest },
    { key: `${folder}/${options.report}-Manifest.json`, body: manifest },
  ];
}

/** Data Exports (CUR 2.0), overwrite delivery: `<prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/…` and its manifest under metadata/. */
export function dataExportsDelivery(options: {
  bucket: string;
  prefix: string;
  exportName: string;
  period: string;
  executionId: string;
  records: string[][];
  parts: number;
}): DeliveredObject[] {
  const base = `${options.prefix}/${options.exportName}`;
  const data = gzipParts(options.records, options.parts).map((body, i) => ({
    key: `${base}/data/BILLING_PERIOD=${options.period}/${options.exportName}-${String(i + 1).padStart(5, '0')}.csv.gz`,
    body,
  }));
  const manifest = {
    executionId: options.executionId,
    billingPeriod: { start: `${options.period}-01T00:00:00.000Z` },
    dataFiles: data.map((d) => `s3://${options.bucket}/${d.key}`),
    exportArn: `arn:aws:bcm-data-exports:us-east-1:111122223333:export/${options.exportName}-0000`,
    exportName: options.exportName,
    exportTime: `${options.period}-05T00:00:00.000Z`,
  };
  return [
    ...data,
    { key: `${base}/metadata/BILLING_PERIOD=${options.period}/${options.exportName}-Manifest.json`, body: Buffer.from(JSON.stringify(manifest)) },
  ];
}
