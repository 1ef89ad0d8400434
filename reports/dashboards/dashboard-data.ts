import type { Incident } from '../../core/index.js';

/** One rendered chart: what the weekly report inlines and the console shows. */
export interface DashboardChart {
  /** stable and unique: `cost-by-team-USD`, `anomaly-calendar`, `budget-burndown-platform` */
  id: string;
  title: string;
  /** a standalone SVG document (role="img", <title>, <desc>) */
  svg: string;
  /** the chart in words, for alt text and screen readers */
  altText: string;
}

export type CostDimension = 'team' | 'service' | 'env';

/** EffectiveCost of one key in one week, in the currency of the series it belongs to. */
export interface WeekCost {
  /** first day of the seven, YYYY-MM-DD (weeks end where the report's window ends) */
  week: string;
  key: string;
  cost: number;
}

/** Cost over weeks in one billing currency: never added to another currency's. */
export interface CurrencyWeeks {
  /** ISO 4217 BillingCurrency; null for lines loaded without one */
  currency: string | null;
  /** every week of the span, oldest first, so an empty week still has its place on the axis */
  weeks: string[];
  byDimension: Record<CostDimension, WeekCost[]>;
}

/** One key's change from last week to this week, in one currency. */
export interface Mover {
  dimension: CostDimension;
  key: string;
  current: number;
  previous: number;
}

/** Incidents open on one day: how many and the worst severity (currency-free, so one calendar). */
export interface IncidentDay {
  date: string;
  count: number;
  worst?: Incident['severity'];
}

/** A budget's period so far and its forecast to the period's end, in USD (budgets are USD amounts). */
export interface BudgetBurn {
  name: string;
  period: 'monthly' | 'quarterly';
  periodStart: string;
  periodEnd: string;
  asOf: string;
  budgetUsd: number;
  /** remaining budget at the end of each day from the period's start to asOf */
  actual: { date: string; remainingUsd: number }[];
  /** from asOf to the period's end at the last seven days' mean (detect/budgets.ts projectPeriodEnd) */
  forecast: { date: string; remainingUsd: number }[];
}

/** The measured changes of one billing currency, for the cumulative savings chart. */
export interface SavingsSteps {
  currency: string | null;
  windowDays: number;
  /** the last day savings accrue to (the bill's last complete day, or the window's last day) */
  until?: string;
  /** each measured change in order of application, with its monthly savings realized and estimated */
  steps: { date: string; resourceId: string; realizedMonthly: number; estimatedMonthlyUsd: number }[];
}

/** The optimizer's own model spend per day and agent, USD (the model's price list). */
export interface ModelSpendDay {
  date: string;
  agent: string;
  costUsd: number;
}

/** Everything the dashboards draw. Each part is optional: a missing source leaves its charts out. */
export interface DashboardData {
  /** the report's window: [from, to) */
  window: { from: string; to: string };
  costByWeek?: CurrencyWeeks[];
  movers?: { currency: string | null; rows: Mover[] }[];
  /** one entry per day of the calendar's span, incident or not */
  incidentDays?: IncidentDay[];
  budgets?: BudgetBurn[];
  savings?: SavingsSteps[];
  modelSpend?: ModelSpendDay[];
}
