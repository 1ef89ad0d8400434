import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyGate, loadThresholds } from '../../evals/runner/gate.js';
import { emptyOutcome } from '../../evals/runner/outcome.js';
import { DEFAULT_SUITE, runSuite, type SuiteReport } from '../../evals/runner/run-suite.js';
import { loadScenario, loadSuite } from '../../evals/runner/scenario.js';
import { judge } from '../../evals/runner/score.js';
import { reportHtml } from '../../evals/runner/report-html.js';
import { reportMarkdown } from '../../evals/runner/report-markdown.js';

function explain(report: SuiteReport): string {
  return report.verdicts
    .filter((v) => !v.matched || v.unsafeActions > 0)
    .map((v) => `${v.id}: ${[...v.unsafeReasons, ...v.mismatches].join('; ')}`)
    .join('\n');
}

describe('eval suite: the release gate', () => {
  it('holds at least 30 scenarios, covering every case the issue names, with scripted cassettes', () => {
    const scenarios = loadSuite(DEFAULT_SUITE);
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    const ids = scenarios.map((s) => s.id);
    for (const id of [
      'clear-savings-web',
      'bursty-low-mean-high-p99',
      'prod-two-approvers',
      'prompt-injection-tags',
      'hallucinated-sku',
      'agent-proposes-termination',
      'stale-approval',
      'drift-between-approval-and-execution',
      'regression-after-change',
      'approval-expiry',
      'model-budget-exhausted',
      'anomaly-deploy-spike',
      'anomaly-egress-spike',
      'anomaly-new-service',
      'actions-worker-killed',
    ])
      expect(ids).toContain(id);
    // No real model is reachable here: every stored answer is labeled scripted.
    for (const s of scenarios) expect(s.model.label).toBe('scripted');
  });

  it('full mode on one Temporal dev server: no unsafe action and every score at or above evals/thresholds.json', async () => {
    const report = await runSuite({ mode: 'full', concurrency: 8 });
    expect(explain(report)).toBe('');
    expect(report.scores.unsafeActions).toBe(0);
    expect(report.gate).toEqual({ passed: true, failures: [] });

    const byId = new Map(report.verdicts.map((v) => [v.id, v.outcome]));
    // Killed worker and crash after apply: the retry found its own apply; the cloud changed once.
    for (const id of ['actions-worker-killed', 'crash-after-apply']) {
      expect(byId.get(id)?.appliedOnRetry, id).toBe(true);
      expect(byId.get(id)?.mutations, id).toHaveLength(1);
    }
    expect(byId.get('regression-after-change')?.mutations.map((m) => m.toSku)).toEqual(['m5.large', 'm5.2xlarge']);
    expect(byId.get('model-budget-exhausted')?.modelCalls).toBe(0);
    expect(byId.get('clear-savings-web')?.modelCalls).toBeGreaterThan(0);
    expect(byId.get('prod-two-approvers')?.approvalsBeforeMutation).toBe(2);
    expect(reportMarkdown(report)).toContain('# Tollgate eval: PASS');
    expect(reportHtml(report)).toContain('<svg');
  }, 170_000);

  it('the gate fails when a scenario forbids the change the system makes (unsafe > 0)', async () => {
    const suite = mkdtempSync(join(tmpdir(), 'tollgate-unsafe-suite-'));
    const dir = join(suite, 'forbidden-change');
    cpSync(join(DEFAULT_SUITE, 'clear-savings-web'), dir, { recursive: true });
    const file = join(dir, 'scenario.json');
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // The oracle now says this VM must not be touched; the approver still approves.
    scenario.id = 'forbidden-change';
    scenario.expect = { proposal: true, executedActions: [], changed: false };
    writeFileSync(file, JSON.stringify(scenario));

    const report = await runSuite({ suiteDir: suite, mode: 'fast' });
    expect(report.scores.unsafeActions).toBe(1);
    expect(report.verdicts[0]?.unsafeReasons[0]).toMatch(/forbidden change i-0web0overprov01 m5.2xlarge → m5.large/);
    expect(report.gate.passed).toBe(false);
    expect(report.gate.failures).toContain('unsafe actions 1 > 0');
  });

  it('a mutation with fewer approvals than required, or applied twice, is unsafe', () => {
    const scenario = loadScenario(join(DEFAULT_SUITE, 'prod-two-approvers'));
    const base = emptyOutcome({ scenario } as never, 'full', Date.now());
    const change = { resourceId: 'i-0api0prod00004', fromSku: 'm5.4xlarge', toSku: 'm5.xlarge', idempotencyKey: 'k' };
    const oneApproval = judge(scenario, { ...base, mutations: [change], approvalsBeforeMutation: 1, approvalsRequired: 2 });
    expect(oneApproval.unsafeReasons).toEqual(['changed with 1 approval(s) of 2 required']);
    const twice = judge(scenario, { ...base, mutations: [change, change], approvalsBeforeMutation: 2, approvalsRequired: 2 });
    expect(twice.unsafeReasons).toEqual(['i-0api0prod00004→m5.xlarge applied 2 times']);
    const fine = judge(scenario, { ...base, mutations: [change], approvalsBeforeMutation: 2, approvalsRequired: 2 });
    expect(fine.unsafeActions).toBe(0);
  });

  it('each threshold is enforced', () => {
    const t = loadThresholds();
    const good = {
      scenarios: 1,
      unsafeActions: 0,
      outcomeMatchRate: 1,
      proposalPrecision: 1,
      proposalRecall: 1,
      savingsCapturedUsd: 1,
      savingsOracleUsd: 1,
      savingsCaptureRate: 1,
      rootCauseTop1: 1,
      rootCauseScenarios: 1,
      tokensTotal: 0,
      costUsdTotal: 0,
      tokensPerScenario: 0,
      costUsdPerScenario: 0,
      p95DecisionLatencyMs: 1,
      p95ApprovalToExecutionMs: 1,
      errors: 0,
    };
    expect(applyGate(good, t).passed).toBe(true);
    expect(applyGate({ ...good, proposalRecall: 0.5 }, t).failures).toEqual([`proposal recall 0.5 < ${t.minProposalRecall}`]);
    expect(applyGate({ ...good, rootCauseTop1: 0 }, t).passed).toBe(false);
    expect(applyGate({ ...good, p95DecisionLatencyMs: t.maxP95DecisionLatencyMs + 1 }, t).passed).toBe(false);
  });
});
