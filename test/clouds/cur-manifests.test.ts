import { describe, expect, it } from 'vitest';
import { parseCurManifest } from '../../clouds/billing/cur-manifests.js';

describe('CUR and Data Exports manifests', () => {
  it('reads a legacy CUR manifest: its report, period, assembly and keys; the period-level copy is the current one', () => {
    const text = JSON.stringify({
      assemblyId: 'a-1',
      reportName: 'hourly',
      billingPeriod: { start: '20261101T000000.000Z', end: '20261201T000000.000Z' },
      reportKeys: ['cur/hourly/20261101-20261201/a-1/hourly-1.csv.gz'],
    });
    expect(parseCurManifest('cur/hourly/20261101-20261201/hourly-Manifest.json', text, 'b')).toEqual({
      layout: 'cur',
      name: 'hourly',
      period: '2026-11',
      assemblyId: 'a-1',
      dataKeys: ['cur/hourly/20261101-20261201/a-1/hourly-1.csv.gz'],
      current: true,
    });
    expect(parseCurManifest('cur/hourly/20261101-20261201/a-1/hourly-Manifest.json', text, 'b').current).toBe(false);
  });

  it('reads a Data Exports manifest, its s3:// data files as keys, the period from the key when the body lacks it', () => {
    const text = JSON.stringify({ executionId: 'e-1', exportName: 'cur2', dataFiles: ['s3://b/x/cur2/data/BILLING_PERIOD=2026-11/cur2-00001.parquet'] });
    expect(parseCurManifest('x/cur2/metadata/BILLING_PERIOD=2026-11/cur2-Manifest.json', text, 'b')).toMatchObject({
      layout: 'cur2',
      period: '2026-11',
      dataKeys: ['x/cur2/data/BILLING_PERIOD=2026-11/cur2-00001.parquet'],
    });
  });

  it('refuses what it cannot trust, saying what is wrong', () => {
    expect(() => parseCurManifest('k', '{', 'b')).toThrow(/not valid JSON/);
    expect(() => parseCurManifest('k', '{"columns": []}', 'b')).toThrow(/neither a legacy CUR manifest .* nor a Data Exports manifest/);
    expect(() => parseCurManifest('k', JSON.stringify({ dataFiles: ['s3://other/x.csv.gz'], billingPeriod: { start: '2026-11-01' } }), 'b')).toThrow(
      /outside bucket b/,
    );
    expect(() => parseCurManifest('k', JSON.stringify({ dataFiles: [] }), 'b')).toThrow(/no billingPeriod\.start/);
  });
});
