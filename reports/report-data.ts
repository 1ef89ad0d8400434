import type { ProposalOutcome } from '../audit/index.js';
import type { Incident } from '../core/index.js';
import type { BudgetBurn, CurrencyWeeks, IncidentDay, ModelSpendDay } from './dashboards/dashboard-data.js';
import type { SavingsLedger } from './realized-savings.js';

/** The week a report covers: [from, to), plus the week before it for comparison. */
export interface ReportWindow {
  from: string;
  to: string;
  previousFrom: string;
  /** which days these are and why, in words for the report's header */
  description?: string;
}

export interface KeyedSpend {
  key: string;
  current: number;
  previous: number;
}

/** One billing currency's spend: every amount in it is in `currency`, never added to another currency's. */
export interface SpendTrend {
  /** ISO 4217 BillingCurrency (null: lines loaded without one) */
  currency: string | null;
  /** Daily EffectiveCost over the trend span (four weeks up to the report's end). */
  daily: { date: string; cost: number }[];
  byTeam: KeyedSpend[];
  byService: KeyedSpend[];
  byEnv: KeyedSpend[];
  currentTotal: number;
  previousTotal: number;
}

export type { ProposalOutcome };

export interface ProposalRow {
  workflowId: string;
  findingId: string;
  resourceId: string;
  /** cloud, account/subscription/project and region, as the propose record kept them ('' for older records) */
  where: string;
  change: string;
  outcome: ProposalOutcome;
  /** why it was blocked, rejected, aborted or rolled back */
  reason: string;
  estimatedMonthlySavingsUsd: number;
  /** set once a verify record measured the change; 0 when it was rolled back */
  realizedMonthlySavingsUsd?: number;
  /** why a template proposed instead of the model (timed out, cut, invalid JSON…) */
  fallback?: string;
}

export interface AgentSpend {
  agent: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  budgetUsd?: number;
}

export interface GuardrailBlock {
  check: string;
  count: number;
  example: string;
}

/** Off-hours schedules in the report week, measured from their firings. */
export interface OffHoursWeek {
  enrolledVms: number;
  /** hours the enrolled VMs were actually off, against what their schedules plan */
  hoursOff: number;
  plannedHours: number;
  /** list-price dollars those hours saved this week */
  savedUsd: number;
  /** scheduled stops and starts refused by the guardrails this week */
  refusedChanges: number;
}

export interface WeeklyReportData {
  window: ReportWindow;
  generatedAt: string;
  /** one trend per billing currency, in code order; undefined when no warehouse was given or it has no rows */
  spendByCurrency?: SpendTrend[];
  /** cost incidents open during the week; undefined when no anomaly data is available */
  incidents?: Incident[];
  proposals: ProposalRow[];
  /** this week's proposals: estimated (rejected and blocked not counted); realized as the verify records state it */
  savings: { estimatedUsd: number; realizedUsd: number; verifiedCount: number };
  /** every applied change measured from the bill, at 7 and 30 days; undefined without both a warehouse and an audit log */
  realizedFromBill?: SavingsLedger[];
  /** undefined when no VM was enrolled in an off-hours schedule during the week */
  offHours?: OffHoursWeek;
  modelSpend: AgentSpend[];
  guardrailBlocks: GuardrailBlock[];
  /** the dashboards' cost over weeks, per billing currency (reports/dashboards) */
  costByWeek?: CurrencyWeeks[];
  /** every day of the anomaly calendar's span with the incidents open on it; undefined without anomaly data */
  incidentDays?: IncidentDay[];
  /** budget burn-downs as of the bill's last day (USD budgets, from the policy) */
  budgets?: BudgetBurn[];
  /** policy budgets not drawn, each with why (its scope has costs in another currency) */
  budgetsRefused?: { name: string; reason: string }[];
  /** the optimizer's own model spend per day and agent, USD, over the four weeks to the window's end */
  modelSpendByDay?: ModelSpendDay[];
}

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The seven days before `weekEnding` (exclusive, UTC midnight): the week a caller asked for by date. */
export function reportWindow(weekEnding: string, description?: string): ReportWindow {
  const to = new Date(`${weekEnding.slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(to.getTime())) throw new Error(`--week-ending: "${weekEnding}" is not a date; use YYYY-MM-DD`);
  return {
    to: to.toISOString(),
    from: new Date(to.getTime() - 7 * DAY_MS).toISOString(),
    previousFrom: new Date(to.getTime() - 14 * DAY_MS).toISOString(),
    description:
      description ??
      `${day(to.getTime() - 7 * DAY_MS)} to ${day(to.getTime() - DAY_MS)}: the seven days before ${day(to.getTime())}, as asked (--week-ending).`,
  };
}

/**
 * The default window: the seven UTC days ending today, today included, so what happened this
 * morning is in the report. Today is not over and the bill lags by hours to a day, so the header
 * says its last day is partial.
 */
export function currentWeekWindow(now: Date): ReportWindow {
  const today = day(now.getTime());
  const end = new Date(Date.parse(`${today}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
  return reportWindow(
    end,
    `${day(Date.parse(end) - 7 * DAY_MS)} to ${today}: the seven days ending today (UTC), today included; ` +
      `today is not over and the bill lags by hours to a day, so its figures for today are partial.`,
  );
}

/**
 * The week a Schedule reports on when it fires: the seven full UTC days before the day it runs
 * (Monday's run covers Monday to Sunday just ended), so no day in it is partial.
 */
export function completedWeekWindow(runDay: string): ReportWindow {
  const to = Date.parse(`${runDay.slice(0, 10)}T00:00:00.000Z`);
  return reportWindow(
    runDay,
    `${day(to - 7 * DAY_MS)} to ${day(to - DAY_MS)}: the seven full days before the scheduled run on ${day(to)}; ` +
      `the run day itself is left out because its costs are not complete yet.`,
  );
}
