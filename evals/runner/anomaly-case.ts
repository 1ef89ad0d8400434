import { join } from 'node:path';
import { createAgentRuntime, LlmConfigSchema, runAnomalyEnricher, SpendLedger, type LlmCall } from '../../agents/index.js';
import { readOnlyView } from '../../clouds/provider.js';
import type { CostAnomaly, Finding } from '../../core/index.js';
import { detectCostAnomalies } from '../../detect/anomaly/index.js';
import { cellsOf, changeHistoryOf, costQueryOver } from './cost-series.js';
import { emptyOutcome, type ScenarioOutcome } from './outcome.js';
import type { ScenarioRun } from './scenario-run.js';

const DAY_MS = 86_400_000;

/**
 * An anomaly scenario, the same in both modes (no workflow acts on anomalies): detect over
 * the cost series, then the anomaly enricher through the scenario's model endpoint.
 */
export async function runAnomalyCase(run: ScenarioRun, mode: 'fast' | 'full'): Promise<ScenarioOutcome> {
  const started = Date.now();
  const { scenario } = run;
  const series = scenario.costSeries;
  if (!series) throw new Error(`${scenario.dir}: an anomaly scenario needs costSeries`);
  const cells = cellsOf(series);
  const anomaly = latestServiceAnomaly(detectCostAnomalies(cells));
  const base = emptyOutcome(run, mode, started);
  if (!anomaly) return { ...base, finalState: 'NoFinding', outcome: 'no anomaly detected', durationMs: Date.now() - started };
  const finding = findingOf(anomaly);
  const ledger = scenario.model.budgetExhausted ? new SpendLedger(join(run.scratchDir, 'spend.sqlite')) : undefined;
  const config = scenario.model.budgetExhausted ? LlmConfigSchema.parse({ ...run.llm, defaultBudget: { dailyUsd: 0, weeklyUsd: 0, perRunUsd: 0 } }) : run.llm;
  try {
    const runtime = createAgentRuntime(config, { runId: `eval-${scenario.id}`, ...(ledger ? { ledger } : {}) });
    const { explanation, calls } = await runAnomalyEnricher(
      runtime,
      { cloud: readOnlyView(run.cloud), costs: costQueryOver(cells), history: changeHistoryOf(series) },
      finding,
    );
    return {
      ...base,
      ...usageOfCalls(calls),
      finalState: 'Explained',
      outcome: `${anomaly.key} on ${anomaly.date}: ${explanation.likelyCause} (${explanation.source})`,
      rootCause: explanation.likelyCause,
      decisionLatencyMs: Date.now() - started,
      durationMs: Date.now() - started,
    };
  } finally {
    ledger?.close();
  }
}

/** The service-level anomaly on the latest day, largest rise first: what an analyst opens first. */
function latestServiceAnomaly(anomalies: readonly CostAnomaly[]): CostAnomaly | undefined {
  const service = anomalies.filter((a) => a.dimension === 'service' && a.actual > a.expected);
  const latest = service
    .map((a) => a.date)
    .sort()
    .at(-1);
  return service.filter((a) => a.date === latest).sort((a, b) => b.actual - b.expected - (a.actual - a.expected))[0];
}

function findingOf(anomaly: CostAnomaly): Finding {
  const resource = anomaly.contributors.find((c) => c.dimension === 'resource' && c.key && c.key !== '(none)')?.key ?? anomaly.key;
  const detectedAt = new Date(Date.parse(`${anomaly.date.slice(0, 10)}T00:00:00Z`) + DAY_MS).toISOString();
  const extraPerDay = Math.round((anomaly.actual - anomaly.expected) * 100) / 100;
  return {
    id: `anomaly:${anomaly.dimension}:${anomaly.key}:${anomaly.date.slice(0, 10)}`,
    kind: anomaly.method === 'new-service' ? 'new-service' : 'anomaly',
    provider: 'sandbox',
    resourceId: resource,
    region: 'us-east-1',
    currentSku: '',
    summary: `${anomaly.key} cost $${anomaly.actual}/day against $${anomaly.expected} expected (${anomaly.method})`,
    detectedAt,
    candidates: [],
    estimatedMonthlySavingsUsd: Math.round(extraPerDay * 30 * 100) / 100,
  };
}

function usageOfCalls(calls: readonly LlmCall[]): Pick<ScenarioOutcome, 'tokens' | 'costUsd' | 'modelCalls'> {
  const tokens = { input: 0, output: 0, cached: 0 };
  let costUsd = 0;
  for (const c of calls) {
    tokens.input += c.tokens.input;
    tokens.output += c.tokens.output;
    tokens.cached += c.tokens.cached;
    costUsd += c.costUsd;
  }
  return { tokens, costUsd: Math.round(costUsd * 1e6) / 1e6, modelCalls: calls.filter((c) => c.tokens.input + c.tokens.output > 0).length };
}
