import { ANOMALY_VERDICTS, type AnomalyVerdict } from '../core/index.js';
import { giveAnomalyFeedback, listAnomalies } from './anomalies.js';
import { anomaliesPage } from './anomalies-page.js';
import type { ConsoleDeps } from './deps.js';
import { HttpError, redirect, sendHtml, stringField } from './http-io.js';
import { page } from './layout.js';
import type { RouteTable } from './server.js';

/**
 * Open cost anomalies and the owner's feedback. Feedback changes no cloud and approves nothing:
 * a signed-in session with the CSRF token may send it, as the signed-in person.
 */
export function anomalyRoutes(deps: ConsoleDeps): RouteTable[] {
  return [
    {
      method: 'GET',
      path: /^\/anomalies$/,
      async handle(ctx) {
        const { views, unavailable } = await listAnomalies(deps.client);
        const done = ctx.url.searchParams.get('sent');
        const notice = done ? `Feedback sent for ${done}.` : undefined;
        sendHtml(
          ctx.res,
          200,
          page(
            { title: 'Cost anomalies', csrfToken: ctx.session.csrfToken, approver: ctx.session.approver },
            anomaliesPage(views, unavailable, ctx.session.csrfToken, notice),
          ),
        );
      },
    },
    {
      method: 'POST',
      path: /^\/anomalies\/([^/]+)\/feedback$/,
      async handle(ctx, [workflowId]) {
        const verdict = stringField(ctx.fields, 'verdict', 20);
        if (!(ANOMALY_VERDICTS as readonly string[]).includes(verdict)) throw new HttpError(400, `verdict must be one of ${ANOMALY_VERDICTS.join(', ')}`);
        const note = stringField(ctx.fields, 'note', 2000).trim();
        await giveAnomalyFeedback(deps.client, workflowId!, { verdict: verdict as AnomalyVerdict, by: ctx.session.approver!, ...(note ? { note } : {}) }).catch(
          (error: Error) => {
            throw new HttpError(409, error.message);
          },
        );
        redirect(ctx.res, `/anomalies?sent=${encodeURIComponent(workflowId!)}`);
      },
    },
  ];
}
