import type { DecisionRecord } from '../core/index.js';
import { html, type Html } from './html.js';

/** One workflow's decision records, oldest first: who did what, when, and the chain hash that seals it. */
export function auditTrail(records: readonly DecisionRecord[]): Html {
  if (records.length === 0) return html`<p class="empty">No decision records for this workflow yet.</p>`;
  return html`<table class="audit">
    <thead>
      <tr>
        <th>#</th>
        <th>When</th>
        <th>Step</th>
        <th>Actor</th>
        <th>Outcome</th>
        <th>Hash</th>
      </tr>
    </thead>
    <tbody>
      ${records.map(
        (r) =>
          html`<tr>
            <td class="num">${r.seq}</td>
            <td>${r.at}</td>
            <td>${r.step}</td>
            <td>${r.actor.kind}: ${r.actor.id}${r.model ? ` (${r.model})` : ''}</td>
            <td>${r.outcome}</td>
            <td><code title="${r.hash}">${r.hash.slice(0, 12)}</code></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The SKU advice the latest propose record kept, if any. */
export function recordedSkuAdvice(records: readonly DecisionRecord[]): unknown {
  for (const r of [...records].reverse()) if (r.step === 'propose' && r.output.kind === 'proposal') return r.output.skuAdvice;
  return undefined;
}
