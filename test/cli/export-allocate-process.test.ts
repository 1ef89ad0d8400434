import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal, openWarehouse, queryRows } from '../../warehouse/index.js';

const REPO = process.cwd();
const BIN = join(REPO, 'bin/tollgate.mjs');
const FOCUS_13 = resolve(REPO, 'test/fixtures/focus-1.3/focus-1.3-sample.csv');

/** export focus, costs --allocated and the tag exception report as a person runs them: real processes, a real warehouse file. */
describe('tollgate export focus / costs --allocated / tags audit exceptions as processes', () => {
  let home: string;
  const db = () => join(home, 'warehouse.duckdb');
  const tollgate = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TOLLGATE_HOME: home, TOLLGATE_POLICY: join(home, 'policy.yaml'), NO_COLOR: '1' };
    return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, env, encoding: 'utf8', timeout: 60_000 });
  };

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'tollgate-export-'));
    writeFileSync(
      join(home, 'policy.yaml'),
      [
        'tags:',
        '  required: [env]',
        '  exceptions:',
        '    - {key: env, scope: {subAccount: "777788889999"}, reason: shared network account, expires: 2000-01-01}',
        'allocation:',
        '  rules:',
        '    - {id: untagged-even, match: {untagged: true}, method: even, teams: [checkout, search]}',
        '',
      ].join('\n'),
    );
    expect(tollgate(['ingest', FOCUS_13, '--db', db()]).status).toBe(0);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('export focus --out x.csv writes the FOCUS 1.2 columns and says how many rows', async () => {
    const out = join(home, 'focus.csv');
    const run = tollgate(['export', 'focus', '--out', out, '--db', db()]);
    // Nothing but the launcher's note when it runs the sources (a build older than them).
    expect(run.stderr.replace(/^tollgate: running the TypeScript sources.*\n/, '')).toBe('');
    expect(run.stdout).toMatch(/^wrote 5 FOCUS rows to .*focus\.csv \(csv\)\n$/);
    const reader = await openWarehouse(':memory:');
    try {
      const columns = await queryRows(reader, `DESCRIBE SELECT * FROM read_csv(${literal(out)})`);
      expect(columns).toHaveLength(57);
      expect(columns.some((c) => String(c.column_name).startsWith('x_'))).toBe(false);
    } finally {
      reader.close();
    }
  });

  it('export focus refuses a file name it cannot tell the format of', () => {
    const run = tollgate(['export', 'focus', '--out', join(home, 'focus.txt'), '--db', db()]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/cannot tell the format .*--format parquet\|csv/);
  });

  it('costs --by team --allocated --json: the untagged credit split evenly, totals unchanged', () => {
    const plain = JSON.parse(tollgate(['costs', '--by', 'team', '--db', db(), '--json']).stdout) as { team: string | null; BilledCost: number }[];
    const allocated = JSON.parse(tollgate(['costs', '--by', 'team', '--allocated', '--db', db(), '--json']).stdout) as {
      team: string | null;
      BilledCost: number;
    }[];
    const total = (groups: { BilledCost: number }[]) => groups.reduce((s, g) => s + g.BilledCost, 0);
    expect(plain.some((g) => g.team === null)).toBe(true);
    expect(allocated.some((g) => g.team === null)).toBe(false);
    expect(total(allocated)).toBeCloseTo(total(plain), 9);
    const checkout = (groups: typeof plain) => groups.find((g) => g.team === 'checkout')!.BilledCost;
    expect(checkout(allocated) - checkout(plain)).toBeCloseTo(-0.025, 9);
  });

  it('tags audit lists an expired exception as expired and does not honour it', () => {
    const run = tollgate(['tags', 'audit', '--db', db(), '--json']);
    // One audit per billing currency; this warehouse holds one.
    const { byCurrency } = JSON.parse(run.stdout) as { byCurrency: { exceptions: { status: string }[]; compliant: { costShare: number } }[] };
    expect(byCurrency).toHaveLength(1);
    const audit = byCurrency[0]!;
    expect(audit.exceptions.map((e) => e.status)).toEqual(['expired']);
    expect(audit.compliant.costShare).toBeLessThan(1);
  });
});
