import type { TopLevelSpec } from 'vega-lite';
import type { Incident } from '../../core/index.js';
import type { IncidentDay } from './dashboard-data.js';
import type { ChartText } from './render-svg.js';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const RANK = { minor: 1, major: 2, critical: 3 } as const;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Every day of [from, to) with the incidents open on it (start ≤ day ≤ end), counted and with the
 * worst severity. Severity is a ratio to the expected cost, so incidents in any currency share one
 * calendar without adding amounts.
 */
export function incidentDays(incidents: readonly Incident[], from: string, to: string): IncidentDay[] {
  const days: IncidentDay[] = [];
  for (let day = from.slice(0, 10); day < to.slice(0, 10); day = addDays(day, 1)) {
    const open = incidents.filter((i) => i.start <= day && i.end >= day);
    const worst = open.reduce<Incident['severity'] | undefined>((w, i) => (w === undefined || RANK[i.severity] > RANK[w] ? i.severity : w), undefined);
    days.push({ date: day, count: open.length, ...(worst ? { worst } : {}) });
  }
  return days;
}

/** The Monday on or before a day: the calendar's rows are ISO weeks. */
function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** A calendar heatmap: one row per week, one column per weekday, each day coloured by its worst incident. */
export function anomalyCalendarChart(days: readonly IncidentDay[]): { id: string; spec: TopLevelSpec; text: ChartText } {
  const cells = days.map((d) => ({
    date: d.date,
    week: mondayOf(d.date),
    weekday: WEEKDAYS[(new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7]!,
    severity: d.worst ?? 'none',
    incidents: d.count,
    // each cell's aria-label: a screen reader reads the calendar day by day
    label: d.count > 0 ? `${d.date}: ${d.count} incident(s), worst ${d.worst}` : `${d.date}: no incident`,
  }));
  const withIncidents = days.filter((d) => d.count > 0);
  const title = 'Cost incidents per day';
  const altText =
    `Calendar of ${days.length} days from ${days[0]?.date ?? '—'} to ${days.at(-1)?.date ?? '—'}, one row per week starting Monday; ` +
    (withIncidents.length
      ? `${withIncidents.length} day(s) with an open incident: ` + withIncidents.map((d) => `${d.date} ${d.count} (worst ${d.worst})`).join(', ') + '.'
      : 'no day had an open incident.');
  return {
    id: 'anomaly-calendar',
    text: { title, altText },
    spec: {
      title: { text: title, subtitle: 'Incidents open on each day (detect/ incidents), coloured by the worst severity; the number is how many' },
      data: { values: cells },
      width: { step: 40 },
      height: { step: 28 },
      encoding: {
        x: { field: 'weekday', type: 'ordinal', title: 'Day of week', sort: WEEKDAYS, axis: { orient: 'top', grid: false, labelAngle: 0 } },
        y: { field: 'week', type: 'ordinal', title: 'Week starting (Monday)', axis: { grid: false } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2, tooltip: false },
          encoding: {
            color: {
              field: 'severity',
              type: 'ordinal',
              title: 'Worst severity',
              scale: { domain: ['none', 'minor', 'major', 'critical'], range: ['#eef2f7', '#fcd34d', '#f97316', '#b91c1c'] },
            },
            description: { field: 'label', type: 'nominal' },
          },
        },
        {
          mark: { type: 'text', fontSize: 11, tooltip: false },
          transform: [{ filter: 'datum.incidents > 0' }],
          encoding: {
            text: { field: 'incidents', type: 'quantitative' },
            color: { condition: { test: "datum.severity === 'critical' || datum.severity === 'major'", value: 'white' }, value: '#111827' },
          },
        },
      ],
    },
  };
}
