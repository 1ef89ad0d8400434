import { dashboardCharts, dashboardData, renderHtml, windowSentence, type DashboardChart, type WeeklyReportData } from '../reports/index.js';
import type { ConsoleDeps } from './deps.js';
import { html, trusted, type Html } from './html.js';
import { HttpError, sendHtml } from './http-io.js';
import { page } from './layout.js';
import { allowOwnStyles } from './security-headers.js';
import type { RouteTable } from './server.js';

const DAY_MS = 86_400_000;

/**
 * `?weekEnding=YYYY-MM-DD`: the report's window is the seven days before it. Absent or empty:
 * the default window (today included). Anything else is a 400 naming the parameter.
 */
export function parseWeekEnding(params: URLSearchParams): string | undefined {
  const value = params.get('weekEnding');
  if (value === null || value === '') return undefined;
  const parsed = Date.parse(`${value}T00:00:00.000Z`);
  // Round-trips only for a day that exists: 2025-02-30 and 2025-13-01 do not.
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
  if (!valid)
    throw new HttpError(
      400,
      `weekEnding: "${value}" is not a date; use YYYY-MM-DD (the day after the week's last day), or leave it out for the week ending today`,
    );
  return value;
}

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The /dashboards page: every chart the data allows, inline SVG with its title and alt text, and links to the weeks around it. */
export function dashboardsPage(data: WeeklyReportData, charts: readonly DashboardChart[]): Html {
  const end = data.window.to.slice(0, 10);
  return html`<h1>Dashboards</h1>
    <p class="window"><strong>Window:</strong> ${windowSentence(data.window)}</p>
    <form method="get" action="/dashboards" class="week-nav">
      <a href="/dashboards?weekEnding=${shiftDay(end, -7)}">← Week before</a>
      <a href="/dashboards?weekEnding=${shiftDay(end, 7)}">Week after →</a>
      <label>Week ending (YYYY-MM-DD) <input name="weekEnding" value="${end}" pattern="\\d{4}-\\d{2}-\\d{2}" /></label>
      <button type="submit">Show</button>
      <a href="/reports/weekly?weekEnding=${end}">This week's report</a>
    </form>
    ${
      charts.length === 0
        ? html`<p>No chart for this window: the warehouse has no bill rows, incidents, budgets or model spend in it.</p>`
        : html`<div class="dashboards">
            ${charts.map(
              (chart) =>
                // The SVG is made on the server from numbers and escaped names (reports/dashboards/render-svg.ts).
                html`<figure class="chart" id="figure-${chart.id}">
                  ${trusted(chart.svg)}
                  <figcaption>${chart.altText}</figcaption>
                </figure>`,
            )}
          </div>`
    }`;
}

/** The dashboards and the weekly report, from the data the weekly Schedule reports on; signed-in pages like the rest. */
export function reportRoutes(deps: ConsoleDeps): RouteTable[] {
  const gather = async (params: URLSearchParams): Promise<WeeklyReportData> => {
    const weekEnding = parseWeekEnding(params);
    if (!deps.weeklyReport) throw new HttpError(503, 'this console has no warehouse or audit log to report from; start it with `tollgate serve`');
    return deps.weeklyReport(weekEnding);
  };
  return [
    {
      method: 'GET',
      path: /^\/dashboards$/,
      async handle(ctx) {
        const data = await gather(ctx.url.searchParams);
        const charts = await dashboardCharts(dashboardData(data));
        sendHtml(ctx.res, 200, page({ title: 'Dashboards', csrfToken: ctx.session.csrfToken, approver: ctx.session.approver }, dashboardsPage(data, charts)));
      },
    },
    {
      method: 'GET',
      path: /^\/reports\/weekly$/,
      async handle(ctx) {
        const data = await gather(ctx.url.searchParams);
        const document = await renderHtml(data, deps.policy().reporting.topAnomalies);
        allowOwnStyles(ctx.res, document);
        sendHtml(ctx.res, 200, trusted(document));
      },
    },
  ];
}
