import type { AuditStore } from '../audit/index.js';
import type { RunState, Spend } from '../guardrails/index.js';

/**
 * What this optimization run already did and spent, read back from the audit log: the
 * log is the one place every worker writes, so it is the one truth for blast radius and budgets.
 */
export async function runStateOf(audit: AuditStore, runId: string): Promise<RunState> {
  const executed = (await audit.records({ step: 'execute' })).filter((r) => (r.output as { runId?: string } | null)?.runId === runId);
  const monthlyUsdChangedThisRun = executed.reduce((sum, r) => sum + Math.abs((r.output as { monthlyUsd?: number }).monthlyUsd ?? 0), 0);
  return { actionsThisRun: executed.length, monthlyUsdChangedThisRun };
}

/** Model spend on this finding's workflow, and on every workflow of the run (their ids start with the run id). */
export async function spendOf(audit: AuditStore, workflowId: string, runId: string): Promise<Spend> {
  // Read only the run's model steps (indexed by step and workflow id): the whole log grows with every finding ever seen.
  const modelSteps = await Promise.all([
    audit.records({ step: 'enrich', workflowIdPrefix: runId }),
    audit.records({ step: 'propose', workflowIdPrefix: runId }),
  ]);
  const calls = modelSteps.flat().filter((r) => r.costUsd !== undefined);
  const sum = (records: typeof calls) => Math.round(records.reduce((total, r) => total + (r.costUsd ?? 0), 0) * 1e6) / 1e6;
  // A workflow whose id lacks the run's prefix (started by hand with a run id) has its calls read on their own.
  const own = workflowId.startsWith(runId) ? calls.filter((r) => r.workflowId === workflowId) : await ownModelCalls(audit, workflowId);
  return { agentUsdThisFinding: sum(own), runUsd: sum(calls) };
}

async function ownModelCalls(audit: AuditStore, workflowId: string) {
  const records = await audit.records({ workflowId });
  return records.filter((r) => (r.step === 'enrich' || r.step === 'propose') && r.costUsd !== undefined);
}
