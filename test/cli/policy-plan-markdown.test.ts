import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, commentMarker, formatPlanMarkdown } from '../../cli/policy-plan-markdown.js';
import type { PlanReport } from '../../guardrails/index.js';

const report = (problems: PlanReport['problems']): PlanReport => ({
  passed: problems.every((p) => p.severity !== 'error'),
  vmChanges: 1,
  resourceChanges: 1,
  totalDeltaMonthlyUsd: -1234.5,
  maxMonthlyIncreaseUsd: 500,
  costs: [{ address: 'aws_instance.a', actions: 'delete', beforeMonthlyUsd: 1234.5, afterMonthlyUsd: 0, deltaMonthlyUsd: -1234.5 }],
  problems,
});

describe('the pull-request comment', () => {
  it('starts with exactly one marker, whatever the untrusted text holds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (address, message) => {
        const text = formatPlanMarkdown(report([{ address, rule: 'rego', severity: 'error', message, policy: 'data.x.deny' }]), 'plan.json');
        const lines = text.split('\n');
        expect(lines[0]).toBe(commentMarker('plan.json'));
        expect(text.indexOf('<!--', 1)).toBe(-1);
        // Each violation stays one table row of four cells.
        const row = lines.find((l) => l.startsWith('| ❌ error'))!;
        expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
      }),
    );
  });

  it('shows a saving with a minus sign and thousands separators; no violations says so', () => {
    const text = formatPlanMarkdown(report([]), 'plan.json');
    expect(text).toContain('**−$1,234.50/month** from 1 changed resource (limit +$500.00/month) · 0 errors, 0 warnings');
    expect(text).toContain('| aws\\_instance.a | delete | $1,234.50 | $0.00 | −$1,234.50 |');
    expect(text).toContain('No policy violations.');
  });

  it('escapes what could end a cell, a line or open HTML', () => {
    expect(cell('a|b\nc <img src=x> `d`')).toBe('a\\|b c &lt;img src=x&gt; \\`d\\`');
  });
});
