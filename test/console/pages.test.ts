import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord, PendingView } from '../../core/index.js';
import { escapeHtml, html } from '../../console/html.js';
import { HttpError } from '../../console/http-io.js';
import { dashboardsPage, parseWeekEnding } from '../../console/report-routes.js';
import type { DashboardChart, WeeklyReportData } from '../../reports/index.js';
import { queuePage } from '../../console/queue-page.js';
import { requestPage } from '../../console/request-page.js';
import { parseQueueQuery, selectRows, triageRow } from '../../console/triage.js';

const EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">';
const NOW = Date.parse('2026-03-02T12:00:00Z');

function view(overrides: Partial<PendingView> = {}): PendingView {
  return {
    workflowId: `wf-${EVIL}`,
    findingId: 'rs-1',
    state: 'AwaitingApproval',
    summary: `summary ${EVIL}`,
    scope: { provider: 'aws', account: '123456789012', region: 'eu-west-1' },
    proposal: {
      findingId: 'rs-1',
      action: { type: 'resize', provider: 'aws', resourceId: `i-${EVIL}`, region: 'eu-west-1', fromSku: 'm5.2xlarge', toSku: `m5.xlarge${EVIL}` },
      rationale: `model says ${EVIL}`,
      risk: 'low',
      estimatedMonthlySavingsUsd: 140.16,
      proposer: { kind: 'agent', id: 'rightsizer' },
      source: 'llm',
    },
    proposalHash: 'a'.repeat(64),
    risk: 'low',
    checks: [{ check: 'cpu-headroom', version: 1, passed: true, reason: `reason ${EVIL}`, numbers: { [`k${EVIL}`]: `v${EVIL}`, n: 3 } }],
    utilization: { resourceId: 'i-1', from: '2026-02-01', to: '2026-02-15', hoursObserved: 336, cpu: { p50: 5, p95: 12, p99: 15, p995: 18, max: 95 } },
    plan: { steps: [`step ${EVIL}`], validatedBy: `sandbox ${EVIL}` },
    requirement: { required: 2, approvers: {}, allowedRoles: ['finops'], expiresInMs: 72 * 3600_000 },
    approvals: [
      { proposalHash: 'a'.repeat(64), decision: 'approve', approver: `alice${EVIL}`, reason: `ok ${EVIL}`, at: '2026-03-02T11:00:00Z', role: 'finops' },
    ],
    expiresAt: '2026-03-04T12:00:00.000Z',
    ...overrides,
  };
}

const record = {
  seq: 1,
  id: 'r1',
  prevHash: '0',
  hash: 'b'.repeat(64),
  at: '2026-03-02T10:00:00Z',
  workflowId: 'wf',
  findingId: 'rs-1',
  step: 'propose',
  actor: { kind: 'agent', id: `rightsizer${EVIL}` },
  input: { digest: 'd', summary: 's' },
  outcome: `outcome ${EVIL}`,
  output: {
    kind: 'proposal',
    proposal: view().proposal!,
    skuAdvice: {
      plannedSku: 'm5.xlarge',
      recommended: { id: 'o1', sku: `t3${EVIL}`, purchase: 'on-demand', monthlyUsd: 10 },
      options: [{ id: 'o1', sku: `t3${EVIL}`, purchase: 'on-demand', monthlyUsd: 10, caveat: EVIL }],
      rationale: `advice ${EVIL}`,
    },
  },
} as unknown as DecisionRecord;

/** No element or attribute the untrusted text could have made. */
function expectInert(markup: string): void {
  expect(markup).not.toContain('<script');
  expect(markup).not.toContain('<img');
  expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
}

describe('console pages', () => {
  it('escape every untrusted text: names, tags, model text, reasons, check numbers, plan, SKU advice, audit outcomes', () => {
    const tags = { env: `prod${EVIL}`, production: true, owners: [`owner${EVIL}`], teams: [] };
    const page = requestPage({ view: view(), records: [record], tags, approver: 'me', nowMs: NOW }).value;
    expectInert(page);
    // Each untrusted text is on the page, as text.
    for (const text of ['model says ', 'reason ', 'step ', 'advice ', 'outcome ', 'alice', 'owner', 'ok ']) expect(page).toContain(`${text}&lt;script&gt;`);
    const row = triageRow(view(), tags, NOW);
    expectInert(queuePage([row], [row], parseQueueQuery(new URLSearchParams(`q=${encodeURIComponent(EVIL)}`)), [{ workflowId: EVIL, reason: EVIL }]).value);
  });

  it('escapeHtml leaves no markup character and loses nothing', () => {
    const unescape = (s: string) =>
      s.replace(/&(lt|gt|quot|#39|#96|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[e]!);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"'`]/);
        expect(unescape(out)).toBe(text);
        expect(html`<p title="${text}">${text}</p>`.value).toBe(`<p title="${out}">${out}</p>`);
      }),
    );
  });

  it('triage rows: age from the request time, expiry, approvals n/m; filters and sorting from the query string', () => {
    const a = triageRow(view({ workflowId: 'a' }), { env: 'prod', production: true, owners: ['api'], teams: [] }, NOW);
    expect(a).toMatchObject({
      approved: 1,
      required: 2,
      ageMs: 24 * 3600_000,
      expiresInMs: 48 * 3600_000,
      env: 'prod',
      change: expect.stringContaining('m5.2xlarge → '),
    });
    const b = triageRow(view({ workflowId: 'b', risk: 'high', proposal: { ...view().proposal!, estimatedMonthlySavingsUsd: 900 } }), undefined, NOW);
    expect(b.env).toBe('');
    const rows = [a, b];
    expect(selectRows(rows, parseQueueQuery(new URLSearchParams(''))).map((r) => r.workflowId)).toEqual(['b', 'a']);
    expect(selectRows(rows, parseQueueQuery(new URLSearchParams('sort=monthly&dir=asc'))).map((r) => r.workflowId)).toEqual(['a', 'b']);
    expect(selectRows(rows, parseQueueQuery(new URLSearchParams('risk=HIGH'))).map((r) => r.workflowId)).toEqual(['b']);
    expect(selectRows(rows, parseQueueQuery(new URLSearchParams('env=prod'))).map((r) => r.workflowId)).toEqual(['a']);
    expect(selectRows(rows, parseQueueQuery(new URLSearchParams('q=API'))).map((r) => r.workflowId)).toEqual(['a']);
    // An unknown sort key falls back to the default rather than failing.
    expect(parseQueueQuery(new URLSearchParams('sort=__proto__&dir=sideways'))).toMatchObject({ sort: 'monthly', dir: 'desc' });
  });

  it('weekEnding: a real YYYY-MM-DD date or nothing; anything else is a 400 naming the parameter', () => {
    expect(parseWeekEnding(new URLSearchParams(''))).toBeUndefined();
    expect(parseWeekEnding(new URLSearchParams('weekEnding='))).toBeUndefined();
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        expect(parseWeekEnding(new URLSearchParams({ weekEnding: day }))).toBe(day);
      }),
    );
    for (const bad of ['2025-02-30', '2025-13-01', '2025-3-1', '20250301', '2025-03-01T00:00:00Z', 'today', EVIL]) {
      let refused: unknown;
      try {
        parseWeekEnding(new URLSearchParams({ weekEnding: bad }));
      } catch (error) {
        refused = error;
      }
      expect(refused, bad).toBeInstanceOf(HttpError);
      expect((refused as HttpError).status).toBe(400);
      expect((refused as HttpError).message).toContain(`weekEnding: "${bad}" is not a date; use YYYY-MM-DD`);
    }
  });

  it('the dashboards page escapes the window sentence and the alt text, and steps a week either way', () => {
    const data = { window: { from: '2025-02-22T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z', description: `week ${EVIL}` } } as WeeklyReportData;
    const chart: DashboardChart = { id: 'cost-by-team-USD', title: 'Cost by team', altText: `team ${EVIL}`, svg: '<svg role="img"></svg>' };
    const page = dashboardsPage(data, [chart]).value;
    expectInert(page);
    expect(page).toContain('<figure class="chart" id="figure-cost-by-team-USD">');
    expect(page).toContain('<svg role="img"></svg>');
    expect(page).toContain('href="/dashboards?weekEnding=2025-02-22"');
    expect(page).toContain('href="/dashboards?weekEnding=2025-03-08"');
    expect(dashboardsPage(data, []).value).toContain('No chart for this window');
  });
});
