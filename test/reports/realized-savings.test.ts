import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, type AuditStore } from '../../audit/index.js';
import type { DecisionRecord } from '../../core/index.js';
import { executedChanges, measureChange, savingsFromBill, type ChangeSavings, type ExecutedChange, type SavingsLedger } from '../../reports/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/connection.js';
import type { ResourceDayCost } from '../../warehouse/resource-daily-cost.js';
import { appendAll, clockDays, insertFocusDays, savingsBill, savingsLog } from './savings-fixtures.js';

// An injected clock, far from today: every date below is relative to it.
const NOW = new Date('2031-05-20T08:00:00Z');
const { day, at } = clockDays(NOW);
const MONTH = 730 / 24;

const dir = mkdtempSync(join(tmpdir(), 'tollgate-savings-'));
let db: Warehouse;
let audit: AuditStore;
let records: DecisionRecord[];
let week: SavingsLedger;
let month: SavingsLedger;
const of = (ledger: SavingsLedger, workflowId: string, currency = 'USD'): ChangeSavings =>
  ledger.changes.find((c) => c.workflowId === workflowId && c.currency === currency)!;

beforeAll(async () => {
  db = await openWarehouse(join(dir, 'warehouse.duckdb'));
  await insertFocusDays(db, savingsBill(NOW));
  audit = openAuditStore(join(dir, 'audit.sqlite'));
  await appendAll(audit, savingsLog(NOW));
  records = await audit.records();
  const ledgers = await savingsFromBill(db, records, [7, 30]);
  week = ledgers[0]!;
  month = ledgers[1]!;
});
afterAll(async () => {
  db?.close();
  await audit?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('savings measured from the bill', () => {
  it('compares the N full days before the change with the N full days after, per running hour, leaving the change day out', () => {
    const resize = of(week, 'wf-resize');
    expect(resize.before).toEqual({ from: day(-7), to: day(0), effectiveCost: 7 * 48, runningUnits: 7 * 24 });
    expect(resize.after).toEqual({ from: day(1), to: day(8), effectiveCost: 3 * 24, runningUnits: 3 * 24 });
    // $2/h before, $1/h after at the same 168 running hours: $24 a day saved, not the $37.71 the raw costs suggest.
    expect(resize.basis).toBe('running-hours');
    expect(resize.status).toBe('measured');
    expect(resize.realizedDaily).toBeCloseTo(24, 9);
    expect(resize.realizedMonthly).toBeCloseTo(24 * MONTH, 9);
    expect(of(month, 'wf-resize').realizedDaily).toBeCloseTo(24, 9);
  });

  it('is pending until N full days after the change are in the bill, and says how many are missing', () => {
    expect(week.billCoveredUntil).toBe(day(31));
    expect(of(week, 'wf-later')).toMatchObject({ status: 'measured', realizedDaily: 15 });
    expect(of(month, 'wf-later')).toMatchObject({ status: 'pending', missingDays: 10 });
    expect(of(month, 'wf-later').realizedMonthly).toBeUndefined();
    expect(month.pending).toBe(1);
    // Day 30 is the last full day: a change on day 0 is measured at 30 days exactly.
    expect(of(month, 'wf-resize').status).toBe('measured');
  });

  it('never counts rejected or blocked proposals, and counts a resource changed in two runs once, as its latest change', () => {
    const ids = week.changes.map((c) => c.workflowId).sort();
    expect(ids).toEqual(['wf-eur', 'wf-later', 'wf-resize', 'wf-twice-2']);
    expect(of(week, 'wf-twice-2').supersedes).toEqual(['wf-twice-1']);
    expect(of(week, 'wf-twice-2').realizedDaily).toBeCloseTo(20, 9);
    expect(week.estimatedMonthlyUsd).toBe(500 + 400 + 1000 + 80);
  });

  it('keeps each currency apart: totals per billing currency, never added', () => {
    expect(of(week, 'wf-eur', 'EUR')).toMatchObject({ status: 'measured', realizedDaily: 40 });
    expect(week.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    const [eur, usd] = week.totals;
    expect(eur).toMatchObject({ measured: 1, estimatedMonthlyUsd: 1000 });
    expect(eur!.realizedMonthly).toBeCloseTo(40 * MONTH, 6);
    expect(usd).toMatchObject({ measured: 3, estimatedMonthlyUsd: 980 });
    expect(usd!.realizedMonthly).toBeCloseTo((24 + 15 + 20) * MONTH, 6);
    expect(week.method).toMatch(/7 full UTC days before the change day/);
  });

  it('reads the typed execute records, not the outcome text', () => {
    const changes = executedChanges(records);
    expect(changes.find((c) => c.workflowId === 'wf-resize')).toMatchObject({ resourceId: 'I-Resize', appliedAt: at(0), perRunningHour: true });
  });
});

describe('realized savings, as a property', () => {
  it('after-cost = before-cost × k at any running hours gives realized = (1 − k) × before', () => {
    const change: ExecutedChange = {
      workflowId: 'wf',
      resourceId: 'i-prop',
      change: 'm5.2xlarge → m5.xlarge',
      appliedAt: at(0),
      estimatedMonthlySavingsUsd: 1,
      perRunningHour: true,
      supersedes: [],
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 7, maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 24 }), { minLength: 7, maxLength: 7 }),
        (dailyBefore, k, hoursBefore, hoursAfter) => {
          fc.pre(hoursAfter.some((h) => h > 0));
          const totalBefore = dailyBefore * 7;
          const hb = hoursBefore.reduce((a, b) => a + b, 0);
          const rate = totalBefore / hb;
          const rows: ResourceDayCost[] = [
            ...hoursBefore.map((h, i) => ({
              resourceKey: 'i-prop',
              currency: 'USD',
              date: day(i - 7),
              effectiveCost: rate * h,
              runningHours: h,
              hourPriced: true,
            })),
            ...hoursAfter.map((h, i) => ({
              resourceKey: 'i-prop',
              currency: 'USD',
              date: day(i + 1),
              effectiveCost: k * rate * h,
              runningHours: h,
              hourPriced: true,
            })),
          ];
          const [measured] = measureChange(change, rows, day(8), 7);
          expect(measured!.status).toBe('measured');
          expect(measured!.realizedDaily).toBeCloseTo((1 - k) * dailyBefore, 6);
        },
      ),
    );
  });
});
