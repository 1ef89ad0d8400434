import { describeAction, describeScope, riskShown, type DecisionRecord, type PendingView } from '../core/index.js';
import { auditTrail, recordedSkuAdvice } from './audit-trail.js';
import { html, type Html } from './html.js';
import { duration, money } from './layout.js';
import { readSkuAdvice, skuAdviceSection } from './sku-advice.js';
import type { ResourceTagFacts } from './triage.js';
import { utilizationChart } from './utilization-chart.js';

export interface RequestPageInput {
  view: PendingView;
  records: readonly DecisionRecord[];
  tags: ResourceTagFacts | undefined;
  approver: string;
  nowMs: number;
}

function checks(view: PendingView): Html {
  if (view.checks.length === 0) return html`<p class="empty">No guardrail checks have run yet.</p>`;
  return html`<table class="checks">
    <thead>
      <tr>
        <th>Check</th>
        <th>Result</th>
        <th>Reason</th>
        <th>Numbers</th>
      </tr>
    </thead>
    <tbody>
      ${view.checks.map(
        (c) =>
          html`<tr class="${c.passed ? 'pass' : 'fail'}">
            <td><code>${c.check}@${c.version}</code></td>
            <td>${c.passed ? 'pass' : 'FAIL'}</td>
            <td>${c.reason}</td>
            <td>
              <dl class="numbers">
                ${Object.entries(c.numbers).map(
                  ([k, v]) =>
                    html`<dt>${k}</dt>
                      <dd>${v === null ? '—' : String(v)}</dd>`,
                )}
              </dl>
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function decisionForm(view: PendingView): Html {
  if (view.state !== 'AwaitingApproval' || !view.proposalHash) return html``;
  return html`<section class="decide" id="decide" data-workflow-id="${view.workflowId}" data-proposal-hash="${view.proposalHash}">
    <h2>Your decision</h2>
    <p>
      Approving or rejecting asks your passkey to sign this decision: the workflow id, the proposal hash <code>${view.proposalHash.slice(0, 12)}…</code>,
      approve or reject, your id, your reason and the time.
    </p>
    <label for="reason">Reason</label>
    <textarea id="reason" name="reason" rows="3" maxlength="2000" placeholder="why (required to reject)"></textarea>
    <div class="buttons">
      <button type="button" class="approve" data-decision="approve">Approve</button> <button type="button" class="reject" data-decision="reject">Reject</button>
    </div>
    <p id="decision-result" role="status" aria-live="polite"></p>
  </section>`;
}

export function requestPage(input: RequestPageInput): Html {
  const { view, records, tags, nowMs } = input;
  const proposal = view.proposal;
  const advice = readSkuAdvice(recordedSkuAdvice(records));
  const approved = view.approvals.filter((a) => a.decision === 'approve').length;
  const expiresMs = view.expiresAt ? Date.parse(view.expiresAt) : NaN;
  return html`<p><a href="/">← Approval queue</a></p>
    <h1>${proposal ? describeAction(proposal.action) : view.workflowId}</h1>
    <p class="state state-${view.state}">${view.state}${view.outcome ? html`: <span class="outcome">${view.outcome}</span>` : ''}</p>
    <section class="facts">
      <dl>
        <dt>Workflow</dt>
        <dd><code>${view.workflowId}</code></dd>
        <dt>Finding</dt>
        <dd>${view.summary}</dd>
        ${
          view.scope
            ? html`<dt>Where</dt>
                <dd>${describeScope(view.scope)}</dd>`
            : ''
        }
        <dt>Env</dt>
        <dd>${tags?.production ? html`<span class="prod">${tags.env ?? 'production'}</span>` : (tags?.env ?? 'unknown')}</dd>
        <dt>Owner / team</dt>
        <dd>${[...(tags?.owners ?? []), ...(tags?.teams ?? [])].join(', ') || 'unknown'}</dd>
        ${
          proposal
            ? html`<dt>Saves</dt>
                <dd>
                  ${money(proposal.estimatedMonthlySavingsUsd)}/month${view.pricing ? ` (${view.pricing.source}${view.pricing.catalogDate ? `, catalog ${view.pricing.catalogDate}` : ''})` : ''}
                </dd>`
            : ''
        }
        <dt>Risk (guardrails)</dt>
        <dd><span class="risk risk-${riskShown(view)}">${riskShown(view)}</span></dd>
        <dt>Proposal hash</dt>
        <dd><code class="hash">${view.proposalHash ?? 'not yet proposed'}</code></dd>
        <dt>Approvals</dt>
        <dd>
          ${approved}/${view.requirement?.required ?? '?'}${view.approvals.length ? ': ' : ''}${view.approvals.map(
            (a, i) => html`${i ? ', ' : ''}${a.decision} by ${a.approver}${a.reason ? html` (“${a.reason}”)` : ''}`,
          )}
        </dd>
        ${
          view.expiresAt
            ? html`<dt>Expires</dt>
                <dd>${view.expiresAt}${Number.isFinite(expiresMs) ? ` (in ${duration(expiresMs - nowMs)})` : ''}</dd>`
            : ''
        }
      </dl>
    </section>
    ${
      proposal
        ? html`<section>
            <h2>
              Proposal
              <small
                >(${proposal.source}${proposal.source === 'llm' ? ', model text shown as written' : ''}; proposed by ${proposal.proposer.kind}
                ${proposal.proposer.id})</small
              >
            </h2>
            <blockquote class="untrusted">${proposal.rationale}</blockquote>
            ${proposal.fallback ? html`<p class="note">Fallback: ${proposal.fallback.detail}</p>` : ''}
          </section>`
        : ''
    }
    ${decisionForm(view)}
    <section>
      <h2>Guardrail checks</h2>
      ${checks(view)}
    </section>
    ${
      view.utilization
        ? html`<section>
            <h2>Utilization</h2>
            ${utilizationChart(view.utilization)}
          </section>`
        : ''
    }
    ${
      view.plan
        ? html`<section>
            <h2>Dry-run plan <small>(validated by ${view.plan.validatedBy})</small></h2>
            <ol class="plan">
              ${view.plan.steps.map((s) => html`<li>${s}</li>`)}
            </ol>
          </section>`
        : ''
    }
    ${advice ? skuAdviceSection(advice) : ''}
    <section>
      <h2>Audit trail</h2>
      ${auditTrail(records)}
    </section>`;
}
