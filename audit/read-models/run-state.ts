import type { DecisionRecord, RecordOf } from '../../core/index.js';
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
 * Whether an `execute` or `claim` record counts against run `runId`: a slot claim, cloud change
 * or enrollment whose recorded run is it, or (the safe reading) one made by a child workflow of
 * that run (id `<runId>-…`, as the optimization run names them) whatever run it names.
 */
export function countsAgainstRun(
  record: DecisionRecord,
  runId: string,
): record is RecordOf<'claim'> | (RecordOf<'execute'> & { output: { kind: 'applied' | 'enrollment' } }) {
  if (record.step === 'claim') return record.output.runId === runId || record.workflowId.startsWith(`${runId}-`);
  if (record.step !== 'execute' || record.output.kind === 'scheduled-change') return false;
  return record.output.runId === runId || record.workflowId.startsWith(`${runId}-`);
}

/** Which claims a run state counts: those before `slot` alone, when a claimant judges its own slot. */
export interface RunStateScope {
  beforeSlot?: number;
}

/**
 * What this optimization run already did or holds, read back from the audit log: the log is the
 * one place every worker writes, so it is the one truth for blast radius. A change counts from its
 * slot claim (activities/run-slot.ts) on; a claim whose workflow was refused before applying (an
 * abort record and no apply) is released. Changes without a claim (enrollments, logs written
 * before claims existed) count by their execute record.
 */
export async function runStateOf(audit: AuditStore, runId: string, scope: RunStateScope = {}): Promise<RunChanges> {
  const [claims, executes, aborts] = await Promise.all([
    audit.records({ step: 'claim' }),
    audit.records({ step: 'execute' }),
    audit.records({ step: 'abort' }),
  ]);
  const applied = new Set(executes.filter((r) => r.step === 'execute' && r.output.kind !== 'scheduled-change').map((r) => r.workflowId));
  const released = new Set(aborts.map((r) => r.workflowId).filter((id) => !applied.has(id)));
  const claimants = new Set<string>();
  let actionsThisRun = 0;
  let monthlyUsdChangedThisRun = 0;
  for (const record of claims) {
    if (record.step !== 'claim' || !countsAgainstRun(record, runId)) continue;
    claimants.add(record.workflowId);
    const later = record.output.runId === runId && scope.beforeSlot !== undefined && record.output.slot >= scope.beforeSlot;
    if (later || released.has(record.workflowId)) continue;
    actionsThisRun += 1;
    monthlyUsdChangedThisRun += Math.abs(record.output.monthlyUsd);
  }
  for (const record of executes) {
    if (record.step !== 'execute' || !countsAgainstRun(record, runId) || claimants.has(record.workflowId)) continue;
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
