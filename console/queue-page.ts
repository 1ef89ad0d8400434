import type { UnavailableApproval } from '../approvals/queue.js';
import { html, type Html } from './html.js';
import { duration, money } from './layout.js';
import { SORT_KEYS, type QueueQuery, type SortKey, type TriageRow } from './triage.js';

const HEADINGS: { label: string; sort?: SortKey }[] = [
  { label: 'Resource', sort: 'resource' },
  { label: 'Account / scope' },
  { label: 'Change' },
  { label: '$/month', sort: 'monthly' },
  { label: 'Risk', sort: 'risk' },
  { label: 'Env', sort: 'env' },
  { label: 'Owner / team', sort: 'owner' },
  { label: 'Age', sort: 'age' },
  { label: 'Expires in', sort: 'expiry' },
  { label: 'Approvals', sort: 'approvals' },
];

function link(query: QueueQuery, changes: Partial<QueueQuery>): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) if (value) params.set(key, String(value));
  return `/?${params.toString()}`;
}

function heading(query: QueueQuery, h: (typeof HEADINGS)[number]): Html {
  if (!h.sort) return html`<th scope="col">${h.label}</th>`;
  const active = query.sort === h.sort;
  const dir = active && query.dir === 'desc' ? 'asc' : 'desc';
  const arrow = active ? (query.dir === 'desc' ? ' ▼' : ' ▲') : '';
  return html`<th scope="col" aria-sort="${active ? (query.dir === 'desc' ? 'descending' : 'ascending') : 'none'}">
    <a href="${link(query, { sort: h.sort, dir })}">${h.label}${arrow}</a>
  </th>`;
}

function row(r: TriageRow): Html {
  return html`<tr data-workflow-id="${r.workflowId}">
    <td>
      <a href="/requests/${encodeURIComponent(r.workflowId)}">${r.resource || r.workflowId}</a>
      <div class="sub">${r.summary}</div>
    </td>
    <td>${r.scope}</td>
    <td>${r.change}</td>
    <td class="num">${money(r.monthlyUsd)}</td>
    <td><span class="risk risk-${r.risk}">${r.risk}</span></td>
    <td>${r.production ? html`<span class="prod">${r.env || 'production'}</span>` : r.env || '—'}</td>
    <td>${r.owner || '—'}</td>
    <td>${r.ageMs !== undefined ? duration(r.ageMs) : '—'}</td>
    <td title="${r.expiresAt ?? ''}">${r.expiresInMs !== undefined ? duration(r.expiresInMs) : '—'}</td>
    <td class="num">${r.approved}/${r.required ?? '?'}</td>
  </tr>`;
}

function select(name: keyof QueueQuery, label: string, value: string, options: string[]): Html {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">any</option>
      ${options.map((o) => html`<option value="${o}" ${o === value ? html` selected` : ''}>${o}</option>`)}
    </select></label
  >`;
}

export function queuePage(rows: TriageRow[], all: TriageRow[], query: QueueQuery, unavailable: UnavailableApproval[]): Html {
  const distinct = (pick: (r: TriageRow) => string) => [...new Set(all.map(pick).filter(Boolean))].sort();
  return html`<h1>Approval queue</h1>
    <form method="get" action="/" class="filters">
      <label>Search <input type="search" name="q" value="${query.q}" placeholder="resource, owner, change…" /></label>
      ${select('risk', 'Risk', query.risk, ['low', 'medium', 'high'])}
      ${select(
        'env',
        'Env',
        query.env,
        distinct((r) => r.env),
      )}
      ${select(
        'provider',
        'Cloud',
        query.provider,
        distinct((r) => r.provider),
      )}
      <input type="hidden" name="sort" value="${query.sort}" /><input type="hidden" name="dir" value="${query.dir}" /> <button type="submit">Filter</button>
      <a href="/">Clear</a>
    </form>
    <p class="count">${rows.length} of ${all.length} waiting for a decision · sorted by ${query.sort} (${query.dir})</p>
    ${unavailable.map((u) => html`<p class="warn">Could not read ${u.workflowId}: ${u.reason}</p>`)}
    ${
      rows.length === 0
        ? html`<p class="empty">Nothing waits for approval${all.length ? ' with these filters' : ''}.</p>`
        : html`<table class="queue">
            <thead>
              <tr>
                ${HEADINGS.map((h) => heading(query, h))}
              </tr>
            </thead>
            <tbody>
              ${rows.map(row)}
            </tbody>
          </table>`
    } `;
}

export { SORT_KEYS };
