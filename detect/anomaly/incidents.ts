import { incidentId, type AffectedSeries, type CostDimension, type Incident, type RootCause, type RootCauseDimension } from '../../core/index.js';
import { dateOfDay, dayNumber } from './calendar.js';
import { keyOf, UNSET_KEY, type DailyCostCell, type DayIndexedCell } from './daily-cost-cell.js';
import { DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions, type PlannedEvent } from './options.js';
import { addSingleKeyedDimensions, cellMatches, compatible, drillDown, within } from './root-cause.js';
import { detectSeriesEvents, passesFloors, type SeriesEvent } from './series-detector.js';
import { severityOf } from './severity.js';
import { expectedAt, seriesOf, type DayRange } from './slice-series.js';

/** The series alerts are looked for in: every slice of one dimension, broad to specific. */
export const INCIDENT_DIMENSIONS: readonly CostDimension[] = [
  'total',
  'provider',
  'billingAccount',
  'subAccount',
  'service',
  'region',
  'team',
  'env',
  'usageType',
  'resource',
];

export interface IncidentProgress {
  /** series scanned so far, of `total` */
  done: number;
  total: number;
  /** where the time went, on the last report only (sent once every incident is grouped) */
  timings?: IncidentTimings;
}

/** Milliseconds spent in each step of detectIncidents, so a slow run says which step was slow. */
export interface IncidentTimings {
  /** cutting the cells into one slice per key of every dimension */
  sliceMs: number;
  /** building each slice's daily series and running the series detector on it (wall clock, on every thread) */
  scanMs: number;
  /** drilling each alert down to its root cause */
  rootCauseMs: number;
  /** fee checks, grouping alerts into incidents and summing their windows */
  groupMs: number;
  /** worker threads the scan ran on; absent: the calling thread */
  threads?: number;
}

export interface SuppressedIncident {
  incident: Incident;
  /** the planned event that covers it */
  planned: string;
}

export interface IncidentReport {
  incidents: Incident[];
  suppressed: SuppressedIncident[];
  /** series scanned (every key of every dimension, per currency) */
  seriesScanned: number;
}

/** One alert on one series, with where its rise comes from. */
interface SliceAlert {
  dimension: CostDimension;
  key: string;
  event: SeriesEvent;
  rise: number;
  rootCause: RootCause;
  candidates: Incident['rootCauses'];
}

interface Draft {
  alerts: SliceAlert[];
  /** the alert whose root cause the incident carries */
  lead: SliceAlert;
  startIndex: number;
  endIndex: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Cost incidents: alerts on every series of every dimension, grouped so that one root cause in
 * one time window is one incident, however many series it moved. Pure; amounts stay in each
 * cell's currency and incidents never mix currencies. Scans on this thread: detectIncidentsOnThreads
 * (incidents-on-threads.ts) gives the same report with the series scan on worker threads.
 */
export function detectIncidents(
  cells: readonly DailyCostCell[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
  onProgress?: (progress: IncidentProgress) => void,
): IncidentReport {
  const plan = planIncidentScan(cells);
  const scanStarted = performance.now();
  const events: SeriesEvent[][][] = [];
  let done = 0;
  for (const { slices, range } of plan.groups) {
    const found: SeriesEvent[][] = [];
    for (const slice of slices) {
      found.push(detectSeriesEvents(seriesOf(slice.cells, range), range.firstDay, options));
      done++;
      if (onProgress && (done % 256 === 0 || done === plan.total)) onProgress({ done, total: plan.total });
    }
    events.push(found);
  }
  plan.timings.scanMs = performance.now() - scanStarted;
  return incidentReportOf(plan, events, options, onProgress);
}

/** The cells cut into every slice of every dimension, per currency: what the series scan reads. */
export interface IncidentScanPlan {
  groups: CurrencySlices[];
  /** series to scan, over every group */
  total: number;
  timings: IncidentTimings;
}

export interface CurrencySlices {
  currency: string;
  indexed: DayIndexedCell[];
  slices: IncidentSlice[];
  range: DayRange;
}

export function planIncidentScan(cells: readonly DailyCostCell[]): IncidentScanPlan {
  const started = performance.now();
  const byCurrency = new Map<string, DayIndexedCell[]>();
  const days = new Map<string, number>();
  for (const cell of cells) {
    const currency = cell.currency || 'USD';
    const list = byCurrency.get(currency);
    // A bill has a few hundred distinct dates and maybe millions of cells: parse each date once.
    let day = days.get(cell.date);
    if (day === undefined) days.set(cell.date, (day = dayNumber(cell.date)));
    const indexed = { ...cell, day };
    if (list) list.push(indexed);
    else byCurrency.set(currency, [indexed]);
  }
  const groups = [...byCurrency].map(([currency, indexed]) => ({ currency, indexed, slices: slicesOf(indexed), range: rangeOf(indexed) }));
  const total = groups.reduce((n, c) => n + c.slices.length, 0);
  return { groups, total, timings: { sliceMs: performance.now() - started, scanMs: 0, rootCauseMs: 0, groupMs: 0 } };
}

/**
 * The report from the series scan's events (`events[group][slice]`, however they were found):
 * drill-down, fee checks and grouping on this thread, in the plan's order, so the report does not
 * depend on where the series were scanned.
 */
export function incidentReportOf(
  plan: IncidentScanPlan,
  events: readonly (readonly SeriesEvent[])[][],
  options: AnomalyOptions,
  onProgress?: (progress: IncidentProgress) => void,
): IncidentReport {
  const { total, timings } = plan;
  const report: IncidentReport = { incidents: [], suppressed: [], seriesScanned: total };
  plan.groups.forEach(({ currency, indexed, slices, range }, g) => {
    for (const incident of incidentsIn(indexed, slices, events[g]!, range, currency, options, timings)) {
      const planned = options.planned.find((p) => covers(p, incident));
      if (planned) report.suppressed.push({ incident, planned: planned.name });
      else report.incidents.push(incident);
    }
  });
  const order = (a: Incident, b: Incident) => a.start.localeCompare(b.start) || b.impact - a.impact || a.id.localeCompare(b.id);
  report.incidents.sort(order);
  report.suppressed.sort((a, b) => order(a.incident, b.incident));
  onProgress?.({ done: total, total, timings });
  return report;
}

/** The cells of one key of one dimension (one currency): one series to scan. */
export interface IncidentSlice {
  dimension: CostDimension;
  key: string;
  cells: DayIndexedCell[];
}

function slicesOf(cells: readonly DayIndexedCell[]): IncidentSlice[] {
  const out: IncidentSlice[] = [];
  for (const dimension of INCIDENT_DIMENSIONS) {
    const byKey = new Map<string, DayIndexedCell[]>();
    for (const cell of cells) {
      const key = keyOf(cell, dimension);
      const list = byKey.get(key);
      if (list) list.push(cell);
      else byKey.set(key, [cell]);
    }
    for (const [key, sliceCells] of byKey) {
      // An unset key is not a place ("no resource id" is fees and credits of every kind).
      if (key === UNSET_KEY && dimension !== 'total') continue;
      out.push({ dimension, key, cells: sliceCells });
    }
  }
  return out;
}

function rangeOf(cells: readonly DayIndexedCell[]): DayRange {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const c of cells) {
    if (c.day < firstDay) firstDay = c.day;
    if (c.day > lastDay) lastDay = c.day;
  }
  return { firstDay, days: lastDay - firstDay + 1 };
}

function incidentsIn(
  cells: readonly DayIndexedCell[],
  slices: readonly IncidentSlice[],
  events: readonly (readonly SeriesEvent[])[],
  range: DayRange,
  currency: string,
  options: AnomalyOptions,
  timings: IncidentTimings,
): Incident[] {
  const alerts: SliceAlert[] = [];
  const drillStarted = performance.now();
  slices.forEach((slice, s) => {
    for (const event of events[s]!) {
      const rise = event.actual - event.expected;
      const sliceRoot: RootCause = slice.dimension === 'total' ? {} : { [slice.dimension]: slice.key };
      // A new key is its own root cause: all of it is new, whichever env or region holds most of it.
      const { rootCause, candidates } =
        event.method === 'new-service' ? newKeyRoot(slice, sliceRoot, event) : drillDown(slice.cells, sliceRoot, event.index, event, range, options);
      alerts.push({ dimension: slice.dimension, key: slice.key, event, rise, rootCause, candidates });
    }
  });
  const groupStarted = performance.now();
  timings.rootCauseMs += groupStarted - drillStarted;
  // A rise whose root cause only ever charges on the 1st is a monthly fee seen for the first time
  // (the data starts after last month's): it recurs, so it is not an incident.
  const rootSeries = rootSeriesOf(cells, slices, range);
  const fees = new Map<string, boolean>();
  const isFee = (a: SliceAlert) => {
    const key = JSON.stringify(a.rootCause);
    if (!fees.has(key)) fees.set(key, chargesOnlyOnFirsts(rootSeries(a.rootCause), range));
    return fees.get(key)!;
  };
  const kept = alerts.filter((a) => !(dateOfDay(range.firstDay + a.event.index).endsWith('-01') && isFee(a)));
  alerts.length = 0;
  alerts.push(...kept);
  // Day by day; on a day, the most specific root causes first, so broader alerts find them.
  // A new key leads its incident: "new service" says more than a band crossed on a slice above it.
  const isNew = (a: SliceAlert) => Number(a.event.method === 'new-service');
  alerts.sort((a, b) => a.event.index - b.event.index || keyCount(b.rootCause) - keyCount(a.rootCause) || isNew(b) - isNew(a) || b.rise - a.rise);
  const drafts: Draft[] = [];
  for (const alert of alerts) place(alert, drafts, rootSeries, range, options);
  // A window whose root cause rose by less than the $ floor in all is a baseline nudge or noise the
  // drill-down narrowed to a quiet key: the floor that holds for a day holds for the incident.
  const incidents = drafts.map((d) => finish(d, rootSeries, range, currency, options)).filter((i) => i.impact >= options.minImpactUsd);
  timings.groupMs += performance.now() - groupStarted;
  return incidents;
}

function newKeyRoot(slice: IncidentSlice, sliceRoot: RootCause, event: SeriesEvent): { rootCause: RootCause; candidates: Incident['rootCauses'] } {
  const rootCause = { ...sliceRoot };
  addSingleKeyedDimensions(slice.cells, rootCause);
  const candidates = (Object.entries(sliceRoot) as [RootCauseDimension, string][]).map(([dimension, key]) => ({
    dimension,
    key,
    expected: 0,
    actual: round(event.actual),
    impact: round(event.actual),
    share: 1,
  }));
  return { rootCause, candidates };
}

function place(alert: SliceAlert, drafts: Draft[], rootSeries: RootSeries, range: DayRange, options: AnomalyOptions): void {
  const t = alert.event.index;
  const related = drafts.filter((d) => t >= d.startIndex - 1 && t <= d.endIndex + options.incidentGapDays && compatible(alert.rootCause, d.lead.rootCause));
  const parts = related.filter((d) => within(d.lead.rootCause, alert.rootCause) && keyCount(d.lead.rootCause) > keyCount(alert.rootCause));
  // A broader slice crossing its band days after a part of it started is that rise reaching a bigger
  // total (its share is smaller, its CUSUM slower), not a new explanation: it joins, it does not lead.
  const peers = related.filter((d) => !parts.includes(d) || d.startIndex < t);
  if (peers.length > 0) {
    peers.reduce((a, b) => (b.lead.rise > a.lead.rise ? b : a)).alerts.push(alert);
    return;
  }
  // A new incident. Its root cause is broader than incidents already open inside it: the drill-down
  // found no single part that explains the rise, so they are one rise (a service-wide or account-wide
  // change, not fifty resources) and it absorbs them.
  const draft: Draft = { alerts: [alert], lead: alert, startIndex: t, endIndex: windowEnd(alert, rootSeries, range, options) };
  for (const part of parts) {
    draft.alerts.push(...part.alerts);
    draft.startIndex = Math.min(draft.startIndex, part.startIndex);
    drafts.splice(drafts.indexOf(part), 1);
  }
  drafts.push(draft);
}

/** Last day index the root cause stays above its expectation at the incident's start, projected by weekday. */
function windowEnd(alert: SliceAlert, rootSeries: RootSeries, range: DayRange, options: AnomalyOptions): number {
  const { values, expectedOn } = projection(alert, rootSeries, range, options);
  const t = alert.event.index;
  let end = t;
  const last = Math.min(range.days - 1, t + options.incidentMaxDays - 1);
  for (let d = t + 1; d <= last && d - end <= options.incidentGapDays; d++) {
    const above = alert.event.method === 'new-service' ? values[d]! > 0 : passesFloors(values[d]!, expectedOn(d), options);
    if (above) end = d;
  }
  return end;
}

/** The daily series of the cells a root cause covers; the same array for the same root cause (read only). */
type RootSeries = (rootCause: RootCause) => Float64Array;

/**
 * Root cause → its daily series, memoized, filtering the smallest slice that holds it instead of
 * every cell: grouping asks for one per incident draft, and a scan over every cell each time made
 * grouping most of a large warehouse's run. The slice keeps the cells' order, so sums are identical.
 */
function rootSeriesOf(cells: readonly DayIndexedCell[], slices: readonly IncidentSlice[], range: DayRange): RootSeries {
  const bySlice = new Map<string, readonly DayIndexedCell[]>();
  for (const slice of slices) bySlice.set(`${slice.dimension}\u0000${slice.key}`, slice.cells);
  const memo = new Map<string, Float64Array>();
  return (rootCause) => {
    const id = JSON.stringify(Object.entries(rootCause).sort(([a], [b]) => a.localeCompare(b)));
    let values = memo.get(id);
    if (!values) {
      let pool: readonly DayIndexedCell[] = cells;
      for (const [dimension, key] of Object.entries(rootCause)) {
        const slice = bySlice.get(`${dimension}\u0000${key}`);
        if (slice && slice.length < pool.length) pool = slice;
      }
      values = seriesOf(
        pool.filter((c) => cellMatches(c, rootCause)),
        range,
      );
      memo.set(id, values);
    }
    return values;
  };
}

function projection(alert: SliceAlert, rootSeries: RootSeries, range: DayRange, options: AnomalyOptions) {
  const values = rootSeries(alert.rootCause);
  const t = alert.event.index;
  if (alert.event.method === 'new-service') return { values, expectedOn: () => 0 };
  const { expected, baseline } = expectedAt(values, t, range, options);
  if (!baseline) return { values, expectedOn: () => expected };
  const factorAtStart = baseline.factorOf(t);
  return { values, expectedOn: (d: number) => (expected * baseline.factorOf(d)) / factorAtStart };
}

function finish(draft: Draft, rootSeries: RootSeries, range: DayRange, currency: string, options: AnomalyOptions): Incident {
  const { lead } = draft;
  const { values, expectedOn } = projection(lead, rootSeries, range, options);
  const endIndex = Math.max(draft.endIndex, ...draft.alerts.map((a) => a.event.index));
  let expected = 0;
  let actual = 0;
  for (let d = draft.startIndex; d <= endIndex; d++) {
    expected += d < lead.event.index ? values[d]! : expectedOn(d);
    actual += values[d]!;
  }
  const start = dateOfDay(range.firstDay + draft.startIndex);
  const affected: AffectedSeries[] = draft.alerts
    .map((a) => ({ dimension: a.dimension, key: a.key, date: dateOfDay(range.firstDay + a.event.index), method: a.event.method }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.dimension.localeCompare(b.dimension) || a.key.localeCompare(b.key));
  return {
    id: incidentId(currency, lead.rootCause, start),
    currency,
    severity: severityOf(actual, lead.event.method === 'new-service' ? 0 : expected, options),
    method: lead.event.method,
    start,
    end: dateOfDay(range.firstDay + endIndex),
    ongoing: endIndex === range.days - 1,
    expected: round(expected),
    actual: round(actual),
    impact: round(actual - expected),
    rootCause: lead.rootCause,
    rootCauses: lead.candidates.slice(0, 8),
    affected,
  };
}

function chargesOnlyOnFirsts(values: Float64Array, range: DayRange): boolean {
  let any = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! <= 0) continue;
    if (!dateOfDay(range.firstDay + i).endsWith('-01')) return false;
    any = true;
  }
  return any;
}

function keyCount(rootCause: RootCause): number {
  return Object.keys(rootCause).length;
}

function covers(planned: PlannedEvent, incident: Incident): boolean {
  if (incident.start < planned.from || incident.start > planned.to) return false;
  return Object.entries(planned.match).every(([d, key]) => incident.rootCause[d as keyof RootCause] === key);
}
