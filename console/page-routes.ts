import { listPending, showPending } from '../approvals/queue.js';
import { readTags, type PendingView } from '../core/index.js';
import type { ConsoleDeps } from './deps.js';
import { HttpError, sendHtml } from './http-io.js';
import { page } from './layout.js';
import { queuePage } from './queue-page.js';
import { requestPage } from './request-page.js';
import type { RouteTable } from './server.js';
import { parseQueueQuery, selectRows, triageRow, type ResourceTagFacts } from './triage.js';

/** The resource's env, owner and team under the policy's tag rules; unknown (undefined) when its tags cannot be read. */
export async function tagFactsOf(deps: ConsoleDeps, view: PendingView): Promise<ResourceTagFacts | undefined> {
  const action = view.proposal?.action;
  if (!action || !deps.tagsOf) return undefined;
  const tags = await deps.tagsOf(action.provider, action.resourceId).catch(() => undefined);
  if (!tags) return undefined;
  const rules = deps.policy().tags;
  const reading = readTags(tags, rules);
  const env = reading.agreed(rules.envKey);
  return {
    ...(env.kind === 'one' ? { env: env.value } : env.kind === 'conflict' ? { env: env.values.join(' / ') } : {}),
    production: reading.isProduction,
    owners: reading.owners,
    teams: reading.teams,
  };
}

export function pageRoutes(deps: ConsoleDeps): RouteTable[] {
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'GET',
      path: /^\/$/,
      async handle(ctx) {
        const { pending, unavailable } = await listPending(deps.client);
        const nowMs = now();
        const rows = await Promise.all(pending.map(async (view) => triageRow(view, await tagFactsOf(deps, view), nowMs)));
        const query = parseQueueQuery(ctx.url.searchParams);
        sendHtml(
          ctx.res,
          200,
          page(
            { title: 'Approval queue', csrfToken: ctx.session.csrfToken, approver: ctx.session.approver },
            queuePage(selectRows(rows, query), rows, query, unavailable),
          ),
        );
      },
    },
    {
      method: 'GET',
      path: /^\/requests\/([^/]+)$/,
      async handle(ctx, [workflowId]) {
        const view = await showPending(deps.client, workflowId!).catch((error: Error) => {
          throw new HttpError(404, `no approval request ${workflowId} could be read: ${error.message}`);
        });
        const [records, tags] = await Promise.all([deps.audit.records({ workflowId: workflowId! }), tagFactsOf(deps, view)]);
        const body = requestPage({ view, records, tags, approver: ctx.session.approver!, nowMs: now() });
        sendHtml(
          ctx.res,
          200,
          page({ title: view.proposal?.action.resourceId ?? workflowId!, csrfToken: ctx.session.csrfToken, approver: ctx.session.approver }, body),
        );
      },
    },
  ];
}
