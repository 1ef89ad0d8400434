import type { PlanProblem, PlanReport } from '../guardrails/index.js';

/**
 * The hidden first line of the pull-request comment: the Action finds its earlier comment by it
 * and updates that one instead of adding another. One per plan file, so a pull request that
 * checks several plans keeps one comment for each.
 */
export function commentMarker(planPath: string): string {
  return `<!-- tollgate-policy-check plan=${planPath.replace(/--/g, '-')} -->`;
}

/** The plan check as a pull-request comment (Markdown, GitHub flavour), in the manner of Infracost's. */
export function formatPlanMarkdown(report: PlanReport, planPath: string): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const lines = [
    commentMarker(planPath),
    `## ${report.passed ? '✅ Tollgate policy check passed' : '❌ Tollgate policy check failed'}`,
    '',
    `**${signedUsd(report.totalDeltaMonthlyUsd)}/month** from ${plural(report.resourceChanges, 'changed resource')} ` +
      `(limit +${usd(report.maxMonthlyIncreaseUsd)}/month) · ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')} · \`${escapeCode(planPath)}\``,
  ];
  if (report.costs.length > 0) {
    lines.push('', '### Cost delta per resource', '', '| Resource | Action | Before | After | Monthly delta |', '| --- | --- | ---: | ---: | ---: |');
    for (const c of report.costs) {
      lines.push(`| ${cell(c.address)} | ${cell(c.actions)} | ${usd(c.beforeMonthlyUsd)} | ${usd(c.afterMonthlyUsd)} | ${signedUsd(c.deltaMonthlyUsd)} |`);
    }
    lines.push(`| **Total** | | | | **${signedUsd(report.totalDeltaMonthlyUsd)}** |`);
  }
  if (report.problems.length > 0) {
    lines.push('', '### Policy violations', '', '| | Resource | Rule | Why |', '| --- | --- | --- | --- |');
    for (const p of [...errors, ...warnings]) {
      lines.push(`| ${p.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${cell(p.address)} | ${cell(ruleOf(p))} | ${cell(p.message)} |`);
    }
  } else {
    lines.push('', 'No policy violations.');
  }
  lines.push(
    '',
    '<sub>Prices: public on-demand list prices at 730 h/month; resources Tollgate cannot price count as $0 and are listed as `unpriced`. ' +
      'Rules: `tollgate policy check` (tag and budget policy, and any `--rego` policies).</sub>',
  );
  return `${lines.join('\n')}\n`;
}

/** Which rule fired: Tollgate's own by name, a Rego rule by its path (data.<package>.deny). */
function ruleOf(problem: PlanProblem): string {
  return problem.rule === 'rego' ? `rego: ${problem.policy ?? 'deny'}` : problem.rule;
}

/**
 * Plan addresses, tag values and Rego messages are untrusted text: escaped so they cannot end
 * the table, open HTML (a fake marker, an image) or run across lines.
 */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function escapeCode(text: string): string {
  return text.replace(/[`\r\n]/g, '');
}

function usd(amount: number): string {
  return `$${Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function signedUsd(amount: number): string {
  return `${amount < 0 ? '−' : '+'}${usd(amount)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
