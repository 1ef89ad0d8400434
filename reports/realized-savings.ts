import { HOURS_PER_MONTH } from '../core/index.js';
import type { ResourceDayCost } from '../warehouse/resource-daily-cost.js';
import type { ExecutedChange } from './executed-changes.js';

export type SavingsWindow = 7 | 30;
export const SAVINGS_WINDOWS: readonly SavingsWindow[] = [7, 30];
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const DAY_MS = 86_400_000;

/** One window's cost of a resource in one currency, and the running time it paid for. */
export interface WindowCost {
  /** [from, to) as YYYY-MM-DD */
  from: string;
  to: string;
  effectiveCost: number;
  /** running hours (PricingUnit in hours) or days with cost, as `basis` says */
  runningUnits: number;
}

export type RealizedStatus = 'measured' | 'pending' | 'no-baseline';

export interface ChangeSavings {
  workflowId: string;
  resourceId: string;
  change: string;
  appliedAt: string;
  supersedes: string[];
  estimatedMonthlySavingsUsd: number;
  /** the bill's currency for this resource; null when its lines have none */
  currency: string | null;
  status: RealizedStatus;
  /** pending: full days after the change the bill does not have yet */
  missingDays?: number;
  basis: 'running-hours' | 'days-with-cost' | 'none';
  before: WindowCost;
  after: WindowCost;
  /** measured: (before cost − after cost at the before window's running time) / N, in `currency` */
  realizedDaily?: number;
  /** realizedDaily × 730/24 */
  realizedMonthly?: number;
}

export interface SavingsTotal {
  currency: string | null;
  /** changes measured in this currency */
  measured: number;
  /** their estimates (list-price USD, as the proposals gave them) */
  estimatedMonthlyUsd: number;
  /** their realized savings, in `currency` */
  realizedMonthly: number;
}

export interface SavingsLedger {
  windowDays: SavingsWindow;
  /** the first day the bill does not cover; undefined for an empty bill */
  billCoveredUntil?: string;
  method: string;
  changes: ChangeSavings[];
  /** every counted change's estimate, measured or not (list-price USD) */
  estimatedMonthlyUsd: number;
  pending: number;
  /** one line per currency: amounts in two currencies are never added */
  totals: SavingsTotal[];
}

export const SAVINGS_METHOD = (n: number | 'N') =>
  `Each applied change still in place (one per resource: its latest), measured from the bill's EffectiveCost for that ResourceId: ` +
  `the ${n} full UTC days before the change day against the ${n} full days after it (the change day itself is left out). ` +
  `A resize is compared per running hour (ConsumedQuantity where PricingUnit is hours, else days with cost): ` +
  `realized per day = (cost before − cost after ÷ running time after × running time before) ÷ ${n}; a stop or delete compares plain daily cost. ` +
  `Monthly = daily × 730/24. Pending until the bill holds all ${n} days after the change. Rejected, blocked, expired, aborted and rolled-back proposals are not counted; ` +
  `each currency is totalled apart.`;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** One change's realized savings in each currency its resource is billed in (pure). */
export function measureChange(change: ExecutedChange, days: readonly ResourceDayCost[], coveredUntil: string | undefined, n: SavingsWindow): ChangeSavings[] {
  const changeDay = change.appliedAt.slice(0, 10);
  const before = { from: addDays(changeDay, -n), to: changeDay };
  const after = { from: addDays(changeDay, 1), to: addDays(changeDay, 1 + n) };
  const key = change.resourceId.toLowerCase();
  const mine = days.filter((d) => d.resourceKey === key);
  const currencies = [...new Set(mine.map((d) => d.currency))];
  const missingDays = coveredUntil === undefined ? n : Math.min(n, Math.max(0, daysBetween(coveredUntil, after.to)));
  const base = {
    workflowId: change.workflowId,
    resourceId: change.resourceId,
    change: change.change,
    appliedAt: change.appliedAt,
    supersedes: change.supersedes,
    estimatedMonthlySavingsUsd: change.estimatedMonthlySavingsUsd,
  };
  return (currencies.length > 0 ? currencies : [null]).map((currency) => {
    const rows = mine.filter((d) => d.currency === currency);
    const inWindow = (w: { from: string; to: string }) => rows.filter((d) => d.date >= w.from && d.date < w.to);
    const hours = change.perRunningHour && rows.some((d) => d.hourPriced);
    const basis: ChangeSavings['basis'] = !change.perRunningHour ? 'none' : hours ? 'running-hours' : 'days-with-cost';
    const cost = (w: { from: string; to: string }): WindowCost => {
      const ds = inWindow(w);
      const effectiveCost = ds.reduce((t, d) => t + d.effectiveCost, 0);
      const runningUnits = hours ? ds.reduce((t, d) => t + d.runningHours, 0) : ds.filter((d) => d.effectiveCost > 0).length;
      return { ...w, effectiveCost, runningUnits };
    };
    const b = cost(before);
    const a = cost(after);
    const common = { ...base, currency, basis, before: b, after: a };
    if (missingDays > 0) return { ...common, status: 'pending' as const, missingDays };
    if (!(b.effectiveCost > 0) || (change.perRunningHour && !(b.runningUnits > 0))) return { ...common, status: 'no-baseline' as const };
    // The after cost had the before window's running time: a VM stopped some days after a resize does not inflate its savings.
    const afterAtBeforeUsage = change.perRunningHour && a.runningUnits > 0 ? (a.effectiveCost / a.runningUnits) * b.runningUnits : a.effectiveCost;
    const realizedDaily = (b.effectiveCost - afterAtBeforeUsage) / n;
    return { ...common, status: 'measured' as const, realizedDaily, realizedMonthly: realizedDaily * DAYS_PER_MONTH };
  });
}

/** Estimated against realized for every change, and per-currency totals (pure). */
export function savingsLedger(
  changes: readonly ExecutedChange[],
  days: readonly ResourceDayCost[],
  coveredUntil: string | undefined,
  n: SavingsWindow,
): SavingsLedger {
  const measured = changes.flatMap((c) => measureChange(c, days, coveredUntil, n));
  const totals = new Map<string | null, SavingsTotal>();
  for (const c of measured) {
    if (c.status !== 'measured') continue;
    const t = totals.get(c.currency) ?? { currency: c.currency, measured: 0, estimatedMonthlyUsd: 0, realizedMonthly: 0 };
    t.measured += 1;
    t.estimatedMonthlyUsd += c.estimatedMonthlySavingsUsd;
    t.realizedMonthly += c.realizedMonthly ?? 0;
    totals.set(c.currency, t);
  }
  return {
    windowDays: n,
    ...(coveredUntil ? { billCoveredUntil: coveredUntil } : {}),
    method: SAVINGS_METHOD(n),
    changes: measured,
    estimatedMonthlyUsd: changes.reduce((t, c) => t + c.estimatedMonthlySavingsUsd, 0),
    pending: changes.filter((c) => measured.some((m) => m.workflowId === c.workflowId && m.status === 'pending')).length,
    totals: [...totals.values()].sort((x, y) => (x.currency ?? '').localeCompare(y.currency ?? '')),
  };
}

/** The earliest and latest days any window of these changes reads, for one warehouse query. */
export function ledgerSpan(changes: readonly ExecutedChange[]): { from: string; to: string } | undefined {
  if (changes.length === 0) return undefined;
  const daysOf = changes.map((c) => c.appliedAt.slice(0, 10)).sort();
  return { from: addDays(daysOf[0]!, -30), to: addDays(daysOf.at(-1)!, 31) };
}
