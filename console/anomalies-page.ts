import type { UnavailableApproval } from '../approvals/queue.js';
import { ANOMALY_VERDICTS, describeRootCause, type AnomalyView } from '../core/index.js';
import { html, type Html } from './html.js';
import { money } from './layout.js';

function amount(view: AnomalyView): string {
  const { impact, currency } = view.incident;
  return currency === 'USD' ? money(impact) : `${impact.toFixed(2)} ${currency}`;
}

function feedbackForm(view: AnomalyView, csrfToken: string): Html {
  if (view.state !== 'AwaitingFeedback' || view.feedback) return html`<p>${view.feedback ? `${view.feedback.verdict} by ${view.feedback.by}` : view.state}</p>`;
  return html`<form method="post" action="/anomalies/${encodeURIComponent(view.workflowId)}/feedback" class="feedback">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <label
      >Verdict
      <select name="verdict">
        ${ANOMALY_VERDICTS.map((v) => html`<option value="${v}">${v}</option>`)}
      </select></label
    >
    <label>Note <input name="note" maxlength="2000" /></label>
    <button type="submit">Send feedback</button>
  </form>`;
}

/** Open cost incidents with the owner's explanation and a feedback form (the AnomalyWorkflow's `anomalyFeedback` Update). */
export function anomaliesPage(views: AnomalyView[], unavailable: UnavailableApproval[], csrfToken: string, notice?: string): Html {
  const sorted = [...views].sort((a, b) => Math.abs(b.incident.impact) - Math.abs(a.incident.impact) || a.workflowId.localeCompare(b.workflowId));
  return html`<h1>Cost anomalies</h1>
    ${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
    ${unavailable.map((u) => html`<p class="warn">Could not read ${u.workflowId}: ${u.reason}</p>`)}
    ${
      sorted.length === 0
        ? html`<p class="empty">No cost anomaly waits for feedback.</p>`
        : html`<table class="anomalies">
            <thead>
              <tr>
                <th>Incident</th>
                <th>Root cause</th>
                <th>Impact</th>
                <th>Owner / team</th>
                <th>Explanation</th>
                <th>Feedback</th>
              </tr>
            </thead>
            <tbody>
              ${sorted.map(
                (v) =>
                  html`<tr data-workflow-id="${v.workflowId}">
                    <td>
                      <span class="risk risk-${v.incident.severity === 'critical' ? 'high' : v.incident.severity === 'major' ? 'medium' : 'low'}"
                        >${v.incident.severity}</span
                      >
                      ${v.incident.start} → ${v.incident.end}${v.incident.ongoing ? ' (ongoing)' : ''}
                      <div class="sub">${v.incidentId} · ${v.incident.method}</div>
                    </td>
                    <td>${v.rootCause || describeRootCause(v.incident.rootCause)}</td>
                    <td class="num">
                      ${amount(v)}
                      <div class="sub">expected ${v.incident.expected.toFixed(2)}, actual ${v.incident.actual.toFixed(2)}</div>
                    </td>
                    <td>${[...v.owners, ...v.teams].join(', ') || '—'}</td>
                    <td>
                      ${
                        v.explanation
                          ? html`<blockquote class="untrusted">${v.explanation.narrative}</blockquote>
                              <div class="sub">likely cause: ${v.explanation.likelyCause}; next step: ${v.explanation.nextStep} (${v.explanation.source})</div>`
                          : '—'
                      }
                    </td>
                    <td>${feedbackForm(v, csrfToken)}${v.feedbackBy ? html`<div class="sub">feedback wanted by ${v.feedbackBy}</div>` : ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
