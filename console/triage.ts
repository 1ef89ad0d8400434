import { changeOf, describeScope, riskShown, type PendingView } from '../core/index.js';

/** What the console knows about a resource from its tags (read under the policy's tag rules). */
export interface ResourceTagFacts {
  env?: string;
  production: boolean;
  owners: string[];
  teams: string[];
}

/** One line of the approval queue: the columns a FinOps lead triages by. */
export interface TriageRow {
  workflowId: string;
  resource: string;
  provider: string;
  scope: string;
  change: string;
  monthlyUsd: number;
  risk: string;
  env: string;
  production: boolean;
  owner: string;
  /** When approval was requested (expiry minus the policy's wait), ISO; absent when unknown. */
  requestedAt?: string;
  ageMs?: number;
  expiresAt?: string;
  expiresInMs?: number;
  approved: number;
  required: number | undefined;
  summary: string;
}

export function triageRow(view: PendingView, tags: ResourceTagFacts | undefined, nowMs: number): TriageRow {
  const action = view.proposal?.action;
  const expiresMs = view.expiresAt ? Date.parse(view.expiresAt) : NaN;
  const waitMs = view.requirement?.expiresInMs;
  const requestedMs = Number.isFinite(expiresMs) && waitMs ? expiresMs - waitMs : NaN;
  return {
    workflowId: view.workflowId,
    resource: action?.resourceId ?? '',
    provider: view.scope?.provider ?? action?.provider ?? '',
    scope: view.scope ? describeScope(view.scope) : '',
    change: action ? changeOf(action) : '',
    monthlyUsd: view.proposal?.estimatedMonthlySavingsUsd ?? 0,
    risk: riskShown(view),
    env: tags?.env ?? (tags?.production ? 'production' : ''),
    production: tags?.production ?? false,
    owner: [...(tags?.owners ?? []), ...(tags?.teams ?? [])].join(', '),
    ...(Number.isFinite(requestedMs) ? { requestedAt: new Date(requestedMs).toISOString(), ageMs: nowMs - requestedMs } : {}),
    ...(view.expiresAt ? { expiresAt: view.expiresAt } : {}),
    ...(Number.isFinite(expiresMs) ? { expiresInMs: expiresMs - nowMs } : {}),
    approved: view.approvals.filter((a) => a.decision === 'approve').length,
    required: view.requirement?.required,
    summary: view.summary,
  };
}

export const SORT_KEYS = ['monthly', 'age', 'expiry', 'risk', 'resource', 'env', 'owner', 'approvals'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The queue's view settings, read from the query string; anything unknown falls back to the default. */
export interface QueueQuery {
  q: string;
  risk: string;
  env: string;
  provider: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export function parseQueueQuery(params: URLSearchParams): QueueQuery {
  const sort = params.get('sort') ?? '';
  const dir = params.get('dir');
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    risk: (params.get('risk') ?? '').slice(0, 20),
    env: (params.get('env') ?? '').slice(0, 60),
    provider: (params.get('provider') ?? '').slice(0, 20),
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'monthly',
    dir: dir === 'asc' || dir === 'desc' ? dir : sort === 'expiry' || sort === 'resource' ? 'asc' : 'desc',
  };
}

const RISK_ORDER: Record<string, number> = { low: 0, medium: 1, high: 2 };

function sortValue(row: TriageRow, key: SortKey): number | string {
  switch (key) {
    case 'monthly':
      return row.monthlyUsd;
    case 'age':
      return row.ageMs ?? -Infinity;
    case 'expiry':
      return row.expiresInMs ?? Infinity;
    case 'risk':
      return RISK_ORDER[row.risk] ?? -1;
    case 'resource':
      return row.resource;
    case 'env':
      return row.env;
    case 'owner':
      return row.owner;
    case 'approvals':
      return row.required ? row.approved / row.required : 0;
  }
}

/** Filters (case-insensitive; `q` searches resource, change, scope, owner and summary) then sorts; ties by workflow id. */
export function selectRows(rows: readonly TriageRow[], query: QueueQuery): TriageRow[] {
  const q = query.q.trim().toLowerCase();
  const eq = (wanted: string, value: string) => !wanted || value.toLowerCase() === wanted.toLowerCase();
  const kept = rows.filter(
    (row) =>
      eq(query.risk, row.risk) &&
      eq(query.env, row.env) &&
      eq(query.provider, row.provider) &&
      (!q || [row.resource, row.change, row.scope, row.owner, row.summary, row.workflowId].some((text) => text.toLowerCase().includes(q))),
  );
  const sign = query.dir === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const x = sortValue(a, query.sort);
    const y = sortValue(b, query.sort);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? sign * order : a.workflowId.localeCompare(b.workflowId);
  });
}
