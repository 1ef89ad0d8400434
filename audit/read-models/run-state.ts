import type { DecisionRecord } from '../../core/index.js';
import type { AuditStore } from '../store.js';

/** What one optimization run has changed so far: the blast-radius facts guardrails judge. */
export interface RunChanges {
  actionsThisRun: number;
  monthlyUsdChangedThisRun: number;
}

/** Model spend on one finding and on its whole run. */
export interface RunSpend {
  agentUsdThisFinding: number;
  runUsd: number;
}

/**
 * Whether an `execute` record counts against run `runId`: a cloud change or an enrollment whose
 * recorded run is it, or (the safe reading) one made by a child workflow of that run (id
 * `<runId>-…`, as the optimization run names them) whatever run it names.
 */
export function countsAgainstRun(record: DecisionRecord, runId: string): boolean {
  if (record.step !== 'execute' || record.output.kind === 'scheduled-change') return false;
  return record.output.runId === runId || record.workflowId.startsWith(`${runId}-`);
}

/**
 * What this optimization run already did, read back from the audit log: the log is the one
 * place every worker writes, so it is the one truth for blast radius.
 */
export async function runStateOf(audit: AuditStore, runId: string): Promise<RunChanges> {
  let actionsThisRun = 0;
  let monthlyUsdChangedThisRun = 0;
  for (const record of await audit.records({ step: 'execute' })) {
    if (record.step !== 'execute' || record.output.kind === 'scheduled-change' || !countsAgainstRun(record, runId)) continue;
    actionsThisRun += 1;
    monthlyUsdChangedThisRun += Math.abs(record.output.monthlyUsd);
  }
  return { actionsThisRun, monthlyUsdChangedThisRun };
}

/** Model spend on this finding's workflow, and on every workflow of the run (their ids start with the run id). */
export async function spendOf(audit: AuditStore, workflowId: string, runId: string): Promise<RunSpend> {
  // Read only the run's model steps (indexed by step and workflow id): the whole log grows with every finding ever seen.
  const modelSteps = await Promise.all([
    audit.records({ step: 'enrich', workflowIdPrefix: runId }),
    audit.records({ step: 'propose', workflowIdPrefix: runId }),
  ]);
  const calls = modelSteps.flat().filter((r) => r.costUsd !== undefined);
  // A workflow whose id lacks the run's prefix (started by hand with a run id) has its calls read on their own.
  const own = workflowId.startsWith(runId) ? calls.filter((r) => r.workflowId === workflowId) : await ownModelCalls(audit, workflowId);
  return { agentUsdThisFinding: sumUsd(own), runUsd: sumUsd(calls) };
}

async function ownModelCalls(audit: AuditStore, workflowId: string): Promise<DecisionRecord[]> {
  const records = await audit.records({ workflowId });
  return records.filter((r) => (r.step === 'enrich' || r.step === 'propose') && r.costUsd !== undefined);
}

function sumUsd(records: readonly DecisionRecord[]): number {
  return Math.round(records.reduce((total, r) => total + (r.costUsd ?? 0), 0) * 1e6) / 1e6;
}
