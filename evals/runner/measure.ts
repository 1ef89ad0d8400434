import type { SpendLedger } from '../../agents/index.js';
import type { DecisionRecord } from '../../core/index.js';
import type { CallTally, ScenarioOutcome } from './outcome.js';
import type { ScenarioRun } from './scenario-run.js';

const HOURS_PER_MONTH = 730;

/** Every change Tollgate made to the scenario's estate; someone else's out-of-band edits are not Tollgate's. */
export function mutationsOf(run: ScenarioRun): ScenarioOutcome['mutations'] {
  return run.estate.resources.flatMap((r) =>
    run.cloud
      .changesOf(r.id)
      .filter((c) => c.idempotencyKey !== 'out-of-band')
      .map((c) => ({ resourceId: r.id, fromSku: c.fromSku, toSku: c.toSku, idempotencyKey: c.idempotencyKey })),
  );
}

/** Monthly USD the estate's final sizes save against its starting sizes, out-of-band edits included as the baseline. */
export async function savingsCapturedUsd(run: ScenarioRun): Promise<number> {
  const catalog = await run.cloud.catalog();
  const price = (sku: string) => catalog.find((c) => c.sku === sku)?.hourlyUsd ?? 0;
  let saved = 0;
  for (const r of run.estate.resources) {
    const ours = run.cloud.changesOf(r.id);
    // The baseline is the size before Tollgate's first change (after any out-of-band edit).
    const firstOurs = ours.find((c) => c.idempotencyKey !== 'out-of-band');
    if (!firstOurs) continue;
    const current = (await run.cloud.getResource(r.id)).sku;
    saved += (price(firstOurs.fromSku) - price(current)) * HOURS_PER_MONTH;
  }
  return Math.round(saved * 100) / 100;
}

/** Tokens, $ and call count from the audit records the agents' model calls left. */
export function modelUsageOf(records: readonly DecisionRecord[]): Pick<ScenarioOutcome, 'tokens' | 'costUsd' | 'modelCalls'> {
  const tokens = { input: 0, output: 0, cached: 0 };
  let costUsd = 0;
  let modelCalls = 0;
  for (const r of records) {
    if (!r.tokens) continue;
    modelCalls += r.tokens.input + r.tokens.output > 0 ? 1 : 0;
    tokens.input += r.tokens.input;
    tokens.output += r.tokens.output;
    tokens.cached += r.tokens.cached;
    costUsd += r.costUsd ?? 0;
  }
  return { tokens, costUsd: Math.round(costUsd * 1e6) / 1e6, modelCalls };
}

/** Approvals recorded before the first execute record, and the time from the last of them to the change. */
export function approvalTimeline(records: readonly DecisionRecord[]): {
  approvalsBeforeMutation: number;
  approvalToExecutionMs?: number;
  appliedOnRetry: boolean;
} {
  const firstExecute = records.find((r) => r.step === 'execute');
  const appliedOnRetry = firstExecute?.step === 'execute' && firstExecute.output.result.appliedNow === false;
  const before = records.filter((r) => r.step === 'approve' && r.output.decision === 'approve' && (!firstExecute || r.seq < firstExecute.seq));
  const last = before.at(-1);
  if (!firstExecute || !last) return { approvalsBeforeMutation: before.length, appliedOnRetry };
  return { approvalsBeforeMutation: before.length, approvalToExecutionMs: Date.parse(firstExecute.at) - Date.parse(last.at), appliedOnRetry };
}

/** From the scenario's spend ledger: requests sent, how they ended, and the template's answers. */
export function callTallyOf(ledger: SpendLedger): CallTally {
  const sent = ledger.entries().filter((e) => !e.cacheHit && e.outcome !== 'throttled' && e.outcome !== 'revoked' && e.outcome !== 'too-large');
  const counted = sent.filter((e) => !e.tokensEstimated && e.tokens.output > 0);
  const count = (outcome: string) => sent.filter((e) => e.outcome === outcome).length;
  const fallbacks = ledger.fallbacks();
  return {
    requests: sent.length,
    outputTokensPerCall: counted.length ? Math.round(counted.reduce((n, e) => n + e.tokens.output, 0) / counted.length) : 0,
    cut: count('cut'),
    timeout: count('timeout'),
    invalid: count('invalid'),
    error: count('error'),
    fallbacks: fallbacks.length,
    fallbackReasons: fallbacks.map((f) => `${f.promptId}: ${f.reason}`),
  };
}
