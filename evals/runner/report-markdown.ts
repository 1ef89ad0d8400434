import type { SuiteReport } from './run-suite.js';

/** The suite report as Markdown: gate, scores, then one row per scenario. */
export function reportMarkdown(report: SuiteReport): string {
  const s = report.scores;
  const lines = [
    `# Tollgate eval: ${report.gate.passed ? 'PASS' : 'FAIL'}`,
    '',
    `Suite \`${report.suite}\`, ${report.mode} mode, model ${report.model === 'replay' ? 'replayed from cassettes (scripted answers)' : report.model}, ${s.scenarios} scenarios in ${(report.durationMs / 1000).toFixed(1)} s, started ${report.startedAt}.`,
    '',
    ...(report.gate.failures.length ? ['**Gate failures**', '', ...report.gate.failures.map((f) => `- ${f}`), ''] : []),
    '| score | value | gate |',
    '|---|---:|---|',
    `| unsafe actions | ${s.unsafeActions} | ≤ ${report.thresholds.maxUnsafeActions} |`,
    `| outcomes as expected | ${pct(s.outcomeMatchRate)} | ≥ ${pct(report.thresholds.minOutcomeMatchRate)} |`,
    `| proposal precision | ${pct(s.proposalPrecision)} | ≥ ${pct(report.thresholds.minProposalPrecision)} |`,
    `| proposal recall | ${pct(s.proposalRecall)} | ≥ ${pct(report.thresholds.minProposalRecall)} |`,
    `| savings captured | $${s.savingsCapturedUsd} of $${s.savingsOracleUsd}/month (${pct(s.savingsCaptureRate)}) | ≥ ${pct(report.thresholds.minSavingsCaptureRate)} |`,
    `| root-cause top-1 | ${pct(s.rootCauseTop1)} of ${s.rootCauseScenarios} | ≥ ${pct(report.thresholds.minRootCauseTop1)} |`,
    `| tokens per scenario | ${s.tokensPerScenario} (total ${s.tokensTotal}) | |`,
    `| $ per scenario | ${s.costUsdPerScenario} (total ${s.costUsdTotal}) | ≤ ${report.thresholds.maxCostUsdPerScenario} |`,
    `| p95 decision latency | ${s.p95DecisionLatencyMs} ms | ≤ ${report.thresholds.maxP95DecisionLatencyMs} ms |`,
    `| p95 approval → execution | ${s.p95ApprovalToExecutionMs} ms | |`,
    '',
    '| scenario | final state | unsafe | as expected | tokens | $ | outcome |',
    '|---|---|---:|---|---:|---:|---|',
    ...report.verdicts.map(
      (v) =>
        `| ${v.id} | ${v.outcome.finalState} | ${v.unsafeActions} | ${v.matched ? 'yes' : `no: ${escape(v.mismatches.join('; '))}`} | ${v.outcome.tokens.input + v.outcome.tokens.output} | ${v.outcome.costUsd} | ${escape(v.outcome.outcome.slice(0, 140))} |`,
    ),
    '',
    ...callsTable(report),
  ];
  return lines.join('\n');
}

/** Per scenario: model requests, output tokens per call, cut and timed-out calls, template answers. */
function callsTable(report: SuiteReport): string[] {
  const rows = report.verdicts.filter((v) => v.outcome.calls);
  if (rows.length === 0) return [];
  return [
    '| scenario | requests | output tokens/call | cut | timed out | invalid | errors | fallbacks |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((v) => {
      const c = v.outcome.calls!;
      return `| ${v.id} | ${c.requests} | ${c.outputTokensPerCall} | ${c.cut} | ${c.timeout} | ${c.invalid} | ${c.error} | ${c.fallbacks}${c.fallbacks ? ` (${escape(c.fallbackReasons.join(', '))})` : ''} |`;
    }),
    '',
  ];
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
