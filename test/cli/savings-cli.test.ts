import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import type { SavingsLedger } from '../../reports/index.js';
import { openWarehouse } from '../../warehouse/connection.js';
import { tollgate } from '../audit/cli-support.js';
import { appendAll, clockDays, insertFocusDays, savingsBill, savingsLog } from '../reports/savings-fixtures.js';

const NOW = new Date('2031-05-20T08:00:00Z');
const { day } = clockDays(NOW);
const dir = mkdtempSync(join(tmpdir(), 'tollgate-savings-cli-'));
const dbPath = join(dir, 'warehouse.duckdb');
const storePath = join(dir, 'audit.sqlite');
const env = { TOLLGATE_HOME: dir };

beforeAll(async () => {
  const db = await openWarehouse(dbPath);
  await insertFocusDays(db, savingsBill(NOW));
  db.close();
  const audit = openAuditStore(storePath);
  await appendAll(audit, savingsLog(NOW));
  await audit.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tollgate savings', () => {
  it('--json --window 30 prints the ledger: measured, pending with the missing days, currencies apart', async () => {
    const { code, stdout, stderr } = await tollgate(['savings', '--json', '--db', dbPath, '--store', storePath, '--window', '30'], env);
    expect(stderr.replace(/^tollgate: running the TypeScript sources.*\n/m, '')).toBe('');
    expect(code).toBe(0);
    const [ledger, ...more] = JSON.parse(stdout) as SavingsLedger[];
    expect(more).toEqual([]);
    expect(ledger).toMatchObject({ windowDays: 30, billCoveredUntil: day(31), pending: 1 });
    expect(ledger!.changes.find((c) => c.workflowId === 'wf-later')).toMatchObject({ status: 'pending', missingDays: 10 });
    expect(ledger!.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
  });

  it('prints a table per window with the method, and the per-currency totals', async () => {
    const { code, stdout } = await tollgate(['savings', '--db', dbPath, '--store', storePath], env);
    expect(code).toBe(0);
    expect(stdout).toContain('N full UTC days before the change day');
    expect(stdout).toContain(`7-day windows (bill complete until ${day(31)})`);
    expect(stdout).toContain('30-day windows');
    expect(stdout).toMatch(/I-Resize\s.*730\.00/);
    expect(stdout).toContain('pending (10 day(s) missing)');
    expect(stdout).toContain('realized 1216.67 EUR/month on 1 measured change(s)');
    expect(stdout).not.toContain('i-rejected');
  });

  it('refuses a window other than 7 or 30, and a missing warehouse, saying what to do', async () => {
    const bad = await tollgate(['savings', '--db', dbPath, '--store', storePath, '--window', '14'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--window: "14" is not a window; use 7 or 30');
    const missing = await tollgate(['savings', '--db', join(dir, 'nope.duckdb'), '--store', storePath], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('load the bill with `tollgate ingest` or pass --db');
  });
});
