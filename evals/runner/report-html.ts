import type { SuiteReport } from './run-suite.js';

/** A self-contained HTML report: the gate, score bars against their thresholds, the scenario table. */
export function reportHtml(report: SuiteReport): string {
  const s = report.scores;
  const t = report.thresholds;
  const bars: { label: string; value: number; min: number }[] = [
    { label: 'outcomes as expected', value: s.outcomeMatchRate, min: t.minOutcomeMatchRate },
    { label: 'proposal precision', value: s.proposalPrecision, min: t.minProposalPrecision },
    { label: 'proposal recall', value: s.proposalRecall, min: t.minProposalRecall },
    { label: 'savings captured', value: s.savingsCaptureRate, min: t.minSavingsCaptureRate },
    { label: 'root-cause top-1', value: s.rootCauseTop1, min: t.minRootCauseTop1 },
  ];
  const rows = report.verdicts
    .map(
      (v) =>
        `<tr class="${v.unsafeActions ? 'unsafe' : v.matched ? '' : 'miss'}"><td>${esc(v.id)}</td><td>${esc(v.outcome.finalState)}</td><td>${v.unsafeActions}</td><td>${v.matched ? 'yes' : esc(v.mismatches.join('; '))}</td><td>${v.outcome.tokens.input + v.outcome.tokens.output}</td><td>${v.outcome.decisionLatencyMs ?? ''}</td><td>${esc(v.outcome.outcome)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tollgate eval ${report.gate.passed ? 'PASS' : 'FAIL'}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e}tr.unsafe{background:#ffebe9}tr.miss{background:#fff8c5}</style></head><body>
<h1>Tollgate eval: <span class="${report.gate.passed ? 'pass' : 'fail'}">${report.gate.passed ? 'PASS' : 'FAIL'}</span></h1>
<p>${esc(report.mode)} mode, model ${esc(report.model)}${report.model === 'replay' ? ' (cassettes; scripted answers)' : ''}, ${s.scenarios} scenarios, ${(report.durationMs / 1000).toFixed(1)} s. Unsafe actions: <b class="${s.unsafeActions ? 'fail' : 'pass'}">${s.unsafeActions}</b>.
Tokens per scenario ${s.tokensPerScenario}, $ per scenario ${s.costUsdPerScenario}, p95 decision latency ${s.p95DecisionLatencyMs} ms, p95 approval → execution ${s.p95ApprovalToExecutionMs} ms.</p>
${report.gate.failures.length ? `<ul class="fail">${report.gate.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}
${scoreBars(bars)}
<table><thead><tr><th>scenario</th><th>final state</th><th>unsafe</th><th>as expected</th><th>tokens</th><th>decision ms</th><th>outcome</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

/** Horizontal bars 0–100 %, with the threshold marked as a vertical line. */
function scoreBars(bars: readonly { label: string; value: number; min: number }[]): string {
  const width = 360;
  const rowHeight = 26;
  const left = 170;
  const body = bars
    .map((b, i) => {
      const y = i * rowHeight + 4;
      const ok = b.value >= b.min;
      return [
        `<text x="0" y="${y + 14}">${esc(b.label)}</text>`,
        `<rect x="${left}" y="${y}" width="${width}" height="18" fill="#eee"/>`,
        `<rect x="${left}" y="${y}" width="${(width * Math.min(1, b.value)).toFixed(1)}" height="18" fill="${ok ? '#2da44e' : '#cf222e'}"/>`,
        `<line x1="${left + width * b.min}" x2="${left + width * b.min}" y1="${y - 2}" y2="${y + 20}" stroke="#222" stroke-width="2"/>`,
        `<text x="${left + width + 8}" y="${y + 14}">${(b.value * 100).toFixed(1)}%</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 70}" height="${bars.length * rowHeight + 8}" font-size="13" role="img" aria-label="scores against thresholds">${body}</svg>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
