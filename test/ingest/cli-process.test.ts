import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows } from '../../warehouse/index.js';
import { money, readRawCsv, sum } from './raw-csv.js';

const REPO = process.cwd();
const BIN = join(REPO, 'bin/tollgate.mjs');
const FOCUS_CSV = resolve(REPO, '../shared/data/focus/focus_sample_1.0_1000rows.csv');
const GCP_JSONL = join(REPO, 'test/fixtures/ingest/gcp-billing-export.jsonl');
const CUR2_CSV = join(REPO, 'test/fixtures/ingest/aws-cur2-sample.csv');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON document (JSON.parse refuses anything else on stdout) */
  json: unknown;
}

describe('tollgate ingest / reconcile / costs / tags audit as processes', () => {
  let home: string;
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, TOLLGATE_HOME: home, TOLLGATE_POLICY: join(home, 'policy.yaml'), NO_COLOR: '1' };
    delete e.TOLLGATE_LOG_LEVEL;
    return e;
  };
  const tollgate = (args: string[], cwd = REPO): Run => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: env(), encoding: 'utf8', timeout: 60_000 });
    let json: unknown;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
  };
  /** Every stderr line is a pino JSON log record or a plain message; none of it is on stdout. */
  const logRecords = (stderr: string) =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; file?: string; app?: string });

  const focus = readRawCsv(FOCUS_CSV);
  const focusBilled = sum(focus.map((r) => money(r.BilledCost)));

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
    // `application` means app, `environment` means env: a policy only this test uses.
    writeFileSync(
      join(home, 'policy.yaml'),
      'tags:\n  aliases:\n    env: [environment, Environment, Env]\n    app: [application, Application]\n  required: [env, app]\n',
    );
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('ingest FOLDER GLOB --json: billing files only (no .json metadata), one JSON document, logs on stderr', () => {
    const billing = join(home, 'billing');
    mkdirSync(join(billing, 'focus'), { recursive: true });
    mkdirSync(join(billing, 'gcp'), { recursive: true });
    copyFileSync(FOCUS_CSV, join(billing, 'focus/focus.csv'));
    copyFileSync(GCP_JSONL, join(billing, 'gcp/export.jsonl'));
    // Metadata beside the exports: read as data, each would fail the whole ingest (unknown layout).
    writeFileSync(join(billing, 'manifest.json'), JSON.stringify({ reportKeys: ['focus/focus.csv'], bucket: 'b' }));
    writeFileSync(join(billing, 'focus/notes.txt'), 'not billing data\n');
    const drops = join(home, 'drops');
    mkdirSync(join(drops, '2025/03'), { recursive: true });
    writeFileSync(join(drops, '2025/03/cur2-00001.csv.gz'), gzipSync(readFileSync(CUR2_CSV)));
    writeFileSync(join(drops, '2025/03/cur2-Manifest.json'), JSON.stringify({ reportKeys: ['cur2-00001.csv.gz'] }));
    copyFileSync(CUR2_CSV, join(drops, '2025/cur2-uncompressed.csv'));

    const db = join(home, 'mixed.duckdb');
    const run = tollgate(['ingest', billing, join(drops, '**/*.csv.gz'), '--db', db, '--json']);
    expect(run.stderr).not.toMatch(/tollgate: /);
    expect(run.status).toBe(0);
    const summary = run.json as {
      files: number;
      rows: number;
      formats: Record<string, number>;
      totalsByCurrency: { currency: string; billedCost: number; effectiveCost: number; rows: number }[];
      results: { file: string; format: string; status: string; rows: number }[];
    };
    expect(summary).toBeDefined();
    const expectedFiles = [join(billing, 'focus/focus.csv'), join(billing, 'gcp/export.jsonl'), join(drops, '2025/03/cur2-00001.csv.gz')];
    expect(summary.results.map((r) => r.file)).toEqual(expectedFiles);
    expect(summary.results.map((r) => [r.format, r.status])).toEqual([
      ['focus', 'loaded'],
      ['gcp', 'loaded'],
      ['aws-cur2', 'loaded'],
    ]);
    expect(summary.files).toBe(3);
    expect(summary.formats).toEqual({ focus: 1, gcp: 1, 'aws-cur2': 1 });

    const gcp = readFileSync(GCP_JSONL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { cost: number; credits: { amount: number }[] });
    const gcpCredits = gcp.flatMap((l) => l.credits.map((c) => c.amount));
    const cur2 = readRawCsv(CUR2_CSV);
    expect(new Set(cur2.map((r) => r.line_item_currency_code))).toEqual(new Set(['USD']));
    const rows = focus.length + gcp.length + gcpCredits.length + cur2.length;
    expect(summary.rows).toBe(rows);
    expect(summary.results.map((r) => r.rows)).toEqual([focus.length, gcp.length + gcpCredits.length, cur2.length]);
    expect(summary.totalsByCurrency).toHaveLength(1);
    expect(summary.totalsByCurrency[0]).toMatchObject({ currency: 'USD', rows });
    expect(summary.totalsByCurrency[0]!.billedCost).toBeCloseTo(
      focusBilled + sum(gcp.map((l) => l.cost)) + sum(gcpCredits) + sum(cur2.map((r) => money(r.line_item_unblended_cost))),
      9,
    );

    const logs = logRecords(run.stderr);
    expect(logs.filter((l) => l.msg === 'ingested').map((l) => l.file)).toEqual(expectedFiles);
    expect(run.stdout).not.toMatch(/"msg"/);
  });

  describe('on a warehouse holding the FOCUS sample', () => {
    const db = () => join(home, 'focus.duckdb');
    const file = () => join(home, 'focus.csv');
    beforeAll(() => {
      copyFileSync(FOCUS_CSV, file());
      const run = tollgate(['ingest', file(), '--db', db(), '--json']);
      expect(run.status).toBe(0);
      expect((run.json as { rows: number }).rows).toBe(focus.length);
    });

    it('reconcile --json: exit 0, every billing period/account/currency agrees, from a relative path too', () => {
      const run = tollgate(['reconcile', 'focus.csv', '--db', db(), '--json'], home);
      expect(run.status).toBe(0);
      const report = run.json as { ok: boolean; format: string; lines: { billingAccount: string; source: number; warehouse: number; ok: boolean }[] };
      expect(report.ok).toBe(true);
      expect(report.format).toBe('focus');
      expect(sum(report.lines.map((l) => l.source))).toBeCloseTo(focusBilled, 9);
      expect(sum(report.lines.map((l) => l.warehouse))).toBeCloseTo(focusBilled, 9);
      expect(new Set(report.lines.map((l) => l.billingAccount))).toEqual(new Set(focus.map((r) => r.BillingAccountId)));
    });

    it('costs --by ServiceName --from --to --json: an array of groups matching sums from the raw CSV', () => {
      const run = tollgate(['costs', '--by', 'ServiceName', '--from', '2024-09-10', '--to', '2024-09-20', '--db', db(), '--json']);
      expect(run.status).toBe(0);
      const groups = run.json as {
        ServiceName: string | null;
        BillingCurrency: string;
        BilledCost: number;
        EffectiveCost: number;
        ListCost: number;
        rows: number;
      }[];
      expect(Array.isArray(groups)).toBe(true);
      const expected = new Map<string | null, { billed: number; effective: number; list: number; rows: number }>();
      for (const r of focus.filter((r) => (r.ChargePeriodStart ?? '') >= '2024-09-10' && (r.ChargePeriodStart ?? '') < '2024-09-20')) {
        const key = r.ServiceName === 'NULL' || r.ServiceName === '' ? null : r.ServiceName!;
        const g = expected.get(key) ?? { billed: 0, effective: 0, list: 0, rows: 0 };
        g.billed += money(r.BilledCost);
        g.effective += money(r.EffectiveCost);
        g.list += money(r.ListCost);
        g.rows += 1;
        expected.set(key, g);
      }
      // The window keeps part of the month: the filter is doing something.
      const inWindow = sum([...expected.values()].map((e) => e.rows));
      expect(inWindow).toBeGreaterThan(0);
      expect(inWindow).toBeLessThan(focus.length);
      expect(groups.map((g) => g.ServiceName).sort()).toEqual([...expected.keys()].sort());
      for (const g of groups) {
        const e = expected.get(g.ServiceName)!;
        expect(g.BillingCurrency).toBe('USD');
        expect(g.rows).toBe(e.rows);
        expect(g.BilledCost).toBeCloseTo(e.billed, 9);
        expect(g.EffectiveCost).toBeCloseTo(e.effective, 9);
        expect(g.ListCost).toBeCloseTo(e.list, 9);
      }
      const effective = groups.map((g) => g.EffectiveCost);
      expect(effective).toEqual([...effective].sort((a, b) => b - a));
    });

    it("tags audit --json: the policy's required keys, compliance by cost and by resource as computed from the raw tags", () => {
      const run = tollgate(['tags', 'audit', '--db', db(), '--json']);
      expect(run.status).toBe(0);
      const { byCurrency } = run.json as { byCurrency: unknown[] };
      // The FOCUS sample is billed in USD only: one audit, in USD.
      expect(byCurrency).toHaveLength(1);
      const audit = byCurrency[0] as {
        currency: string;
        required: string[];
        grossCost: number;
        netCost: number;
        credits: { cost: number; shareOfGross: number; material: boolean };
        totalResources: number;
        keys: { key: string; costShare: number; resourceShare: number }[];
        compliant: { costShare: number; resourceShare: number };
        topUntagged: { resourceId: string; missing: string[]; effectiveCost: number }[];
        offendersByAccount: { subAccount: string | null; untaggedCost: number; untaggedResources: number }[];
      };
      expect(audit.required).toEqual(['env', 'app']);
      expect(audit.currency).toBe('USD');

      // Independently: keys trimmed and lower-cased, mapped through the policy's aliases, first one wins.
      const alias: Record<string, string> = { env: 'env', environment: 'env', app: 'app', application: 'app' };
      const normalized = (tags: string | undefined): Record<string, string> => {
        if (!tags || tags === 'NULL' || tags.trim() === '') return {};
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(JSON.parse(tags) as Record<string, unknown>)) {
          const key = alias[k.trim().toLowerCase()] ?? k.trim();
          if (!(key in out) && v !== null) out[key] = String(v).trim();
        }
        return out;
      };
      const rows = focus.map((r) => {
        const tags = normalized(r.Tags);
        const resource = r.ResourceId === 'NULL' || r.ResourceId?.trim() === '' ? null : r.ResourceId!.trim();
        return {
          resource,
          cost: money(r.EffectiveCost),
          has: (k: string) => (tags[k] ?? '') !== '',
          account: r.SubAccountId === 'NULL' ? null : r.SubAccountId,
        };
      });
      // Shares are of gross cost: positive EffectiveCost lines; credits are counted apart.
      const gross = (list: typeof rows) => sum(list.map((r) => Math.max(r.cost, 0)));
      const grossCost = gross(rows);
      const credits = sum(rows.map((r) => Math.min(r.cost, 0)));
      const resources = new Set(rows.map((r) => r.resource).filter(Boolean));
      const resourceShare = (pred: (r: (typeof rows)[number]) => boolean) =>
        new Set(
          rows
            .filter(pred)
            .map((r) => r.resource)
            .filter(Boolean),
        ).size / resources.size;
      expect(audit.grossCost).toBeCloseTo(grossCost, 9);
      expect(audit.netCost).toBeCloseTo(grossCost + credits, 9);
      expect(audit.credits.cost).toBeCloseTo(credits, 9);
      expect(audit.credits.shareOfGross).toBeCloseTo(-credits / grossCost, 9);
      expect(audit.totalResources).toBe(resources.size);
      for (const key of ['env', 'app']) {
        const k = audit.keys.find((x) => x.key === key)!;
        expect(k.costShare).toBeCloseTo(gross(rows.filter((r) => r.has(key))) / grossCost, 9);
        expect(k.resourceShare).toBeCloseTo(
          resourceShare((r) => r.has(key)),
          9,
        );
      }
      const compliant = (r: (typeof rows)[number]) => r.has('env') && r.has('app');
      expect(audit.compliant.costShare).toBeCloseTo(gross(rows.filter(compliant)) / grossCost, 9);
      expect(audit.compliant.resourceShare).toBeCloseTo(resourceShare(compliant), 9);
      // The sample's untagged credits pushed the compliant share of net cost past 1; of gross cost it stays a share.
      expect(audit.compliant.costShare).toBeGreaterThan(0);
      for (const share of [audit.compliant.costShare, ...audit.keys.map((k) => k.costShare)]) expect(share).toBeLessThanOrEqual(1);

      const offenders = new Map<string | null, number>();
      for (const r of rows.filter((r) => !compliant(r))) offenders.set(r.account ?? null, (offenders.get(r.account ?? null) ?? 0) + r.cost);
      const worst = [...offenders.entries()].sort((a, b) => b[1] - a[1])[0]!;
      expect(audit.offendersByAccount[0]!.subAccount).toBe(worst[0]);
      expect(audit.offendersByAccount[0]!.untaggedCost).toBeCloseTo(worst[1], 9);
      expect(audit.topUntagged.length).toBeGreaterThan(0);
      for (const u of audit.topUntagged) expect(u.missing.length).toBeGreaterThan(0);
    });

    it('reconcile exits 1 and names the difference once rows are missing from the warehouse', async () => {
      // The three largest bills of the main account, deleted behind Tollgate's back.
      const victims = focus
        .map((r, i) => ({ row: i + 1, billed: money(r.BilledCost), account: r.BillingAccountId, period: r.BillingPeriodStart }))
        .filter((r) => r.account === '1234567890123' && r.period === '2024-09-01 00:00:00')
        .sort((a, b) => b.billed - a.billed)
        .slice(0, 3);
      const missing = sum(victims.map((v) => v.billed));
      expect(missing).toBeGreaterThan(0.01);
      const warehouse = await openWarehouse(db());
      try {
        await warehouse.connection.run(`DELETE FROM focus_rows WHERE x_source_file = $1 AND x_source_row IN (${victims.map((v) => v.row).join(', ')})`, [
          file(),
        ]);
        const [left] = await queryRows(warehouse, `SELECT count(*) AS n FROM focus_rows WHERE x_source_file = $1`, [file()]);
        expect(Number(left?.n)).toBe(focus.length - 3);
      } finally {
        warehouse.close();
      }

      const run = tollgate(['reconcile', file(), '--db', db(), '--json']);
      expect(run.status).toBe(1);
      const report = run.json as {
        ok: boolean;
        lines: { billingPeriod: string; billingAccount: string; currency: string; source: number; warehouse: number; difference: number; ok: boolean }[];
      };
      expect(report.ok).toBe(false);
      const bad = report.lines.filter((l) => !l.ok);
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatchObject({ billingPeriod: '2024-09-01', billingAccount: '1234567890123', currency: 'USD' });
      expect(bad[0]!.difference).toBeCloseTo(-missing, 9);
      expect(bad[0]!.source - bad[0]!.warehouse).toBeCloseTo(missing, 9);

      const table = tollgate(['reconcile', file(), '--db', db()]);
      expect(table.status).toBe(1);
      expect(table.stdout).toMatch(/1234567890123.*MISMATCH/);
      expect(table.stderr).toMatch(/NOT reconciled/);
    });

    it('a path that does not exist: exit 1, nothing on stdout, the reason on stderr', () => {
      const run = tollgate(['ingest', join(home, 'nope.csv'), '--db', db(), '--json']);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/nope\.csv: no such file or folder/);
    });
  });
});
