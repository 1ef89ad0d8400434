import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../clouds/catalogs/load-catalogs.js';
import { monthlyFromHourly, roundCents, type Finding } from '../../core/index.js';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const ESTATE = 'clouds/sandbox/fixtures/sample-estate.json';
const tollgate = (args: string[]) =>
  execFileSync('node', ['bin/tollgate.mjs', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOLLGATE_DATA_DIR: DATA },
  });

describe('tollgate detect rightsizing --catalog shared', () => {
  it('proposes same-family-smaller and newer-generation targets for the m5.2xlarge sample VM, priced from the real catalog', () => {
    const { findings } = JSON.parse(tollgate(['detect', 'rightsizing', '--estate', ESTATE, '--catalog', 'shared', '--json'])) as { findings: Finding[] };
    const web = findings.find((f) => f.resourceId === 'i-0web0overprov01')!;
    expect(web).toMatchObject({ kind: 'rightsizing', currentSku: 'm5.2xlarge', catalogDate: '2026-07-20' });
    expect(web.summary).toContain('(catalog 2026-07-20)');

    const aws = loadCatalogs(DATA).filter((c) => c.provider === 'aws' && c.region === 'us-east-1');
    const price = (sku: string) => aws.find((c) => c.sku === sku)!.hourlyUsd;
    const bySku = new Map(web.candidates.map((c) => [c.sku, c]));
    // Same family, smaller: no flags.
    expect(bySku.get('m5.xlarge')?.flags).toEqual([]);
    expect(bySku.get('m5.large')?.flags).toEqual([]);
    // Newer generation of the same series and vendor (Intel): only in the real catalog, not the sandbox's m5-and-c5 list.
    expect(bySku.get('m6i.large')?.flags).toEqual(['newer-generation']);
    expect(bySku.get('m7i.large')?.flags).toEqual(['newer-generation']);
    // Savings at list price: (current − target hourly) × 730, to the cent, for every candidate.
    for (const c of web.candidates) {
      expect(c.hourlyUsd).toBe(price(c.sku));
      expect(c.monthlySavingsUsd).toBe(roundCents(monthlyFromHourly(price('m5.2xlarge')) - monthlyFromHourly(price(c.sku))));
      expect(c.monthlySavingsUsd).toBeGreaterThanOrEqual(10);
    }
    expect(bySku.get('m5.large')!.monthlySavingsUsd).toBeCloseTo((0.384 - 0.096) * 730, 2);
    // Never an older generation or another series; Arm flagged, never the headline.
    for (const c of web.candidates) expect(c.sku).toMatch(/^m[5-8]/);
    expect(web.candidates[0]!.flags).not.toContain('architecture-change');
    expect(web.candidates.some((c) => c.flags.includes('architecture-change'))).toBe(true);
    expect(web.estimatedMonthlySavingsUsd).toBe(web.candidates[0]!.monthlySavingsUsd);

    // The sandbox catalog (the default) knows no newer generation.
    const sandbox = JSON.parse(tollgate(['detect', 'rightsizing', '--estate', ESTATE, '--json'])) as { findings: Finding[] };
    const inSandbox = sandbox.findings.find((f) => f.resourceId === 'i-0web0overprov01')!;
    expect(inSandbox.candidates.map((c) => c.sku).sort()).toEqual(['m5.large', 'm5.xlarge']);
  });

  it('shows the catalog and its dates beside the table, and refuses an unknown catalog', () => {
    const out = execFileSync('sh', ['-c', `node bin/tollgate.mjs detect rightsizing --estate ${ESTATE} --catalog shared 2>&1`], {
      encoding: 'utf8',
      env: { ...process.env, TOLLGATE_DATA_DIR: DATA },
    });
    expect(out).toMatch(/^catalog: shared \(aws 2026-07-20, azure \d{4}-\d{2}-\d{2}, gcp undated\)$/m); // GCE's price file carries no date
    expect(out).toMatch(/i-0web0overprov01\s+sandbox account 123456789012, us-east-1\s+m5\.2xlarge\s+\S+\s+[\d.]+\s+[\d.]+\s+2026-07-20\s/);
    expect(() => tollgate(['detect', 'rightsizing', '--estate', ESTATE, '--catalog', 'azure-only'])).toThrow(/--catalog is sandbox .* or shared/);
  });
});
