import { proposalFate, proposalOf } from '../audit/index.js';
import { changeOf, type DecisionRecord, type RecordOf } from '../core/index.js';

/** A change the log says was applied to a resource and is still in place. */
export interface ExecutedChange {
  workflowId: string;
  resourceId: string;
  change: string;
  /** when the cloud applied it (the execute record's MutationResult.at) */
  appliedAt: string;
  estimatedMonthlySavingsUsd: number;
  /** a resize changes the rate per running hour, so its cost is compared per running hour; a stop or delete saves the hours themselves */
  perRunningHour: boolean;
  /** earlier workflows' changes to the same resource, replaced by this one */
  supersedes: string[];
}

/**
 * Every applied change from the typed records, one per resource: a resource proposed and changed in
 * two runs counts once, as its latest change. Rejected, blocked, expired, aborted and rolled-back
 * proposals changed nothing that stayed, so none is here; neither are off-hours enrollments, whose
 * savings come from their firings (the off-hours section).
 */
export function executedChanges(records: readonly DecisionRecord[]): ExecutedChange[] {
  const byWorkflow = new Map<string, DecisionRecord[]>();
  for (const r of records) byWorkflow.set(r.workflowId, [...(byWorkflow.get(r.workflowId) ?? []), r]);
  const latest = new Map<string, ExecutedChange>();
  for (const [workflowId, steps] of byWorkflow) {
    const execute = steps.findLast((r): r is RecordOf<'execute'> => r.step === 'execute' && r.output.kind === 'applied');
    if (!execute || execute.output.kind !== 'applied') continue;
    const proposal = proposalOf(steps);
    const fate = proposalFate(steps, proposal?.estimatedMonthlySavingsUsd ?? 0);
    // A refused or failed rollback leaves the change in place: it still counts.
    if (fate.outcome !== 'executed' && fate.outcome !== 'rollback-failed') continue;
    const action = execute.output.result.action;
    const found: ExecutedChange = {
      workflowId,
      resourceId: action.resourceId,
      change: changeOf(action),
      appliedAt: execute.output.result.at,
      estimatedMonthlySavingsUsd: proposal?.estimatedMonthlySavingsUsd ?? execute.output.monthlyUsd,
      perRunningHour: action.type === 'resize',
      supersedes: [],
    };
    const key = action.resourceId.toLowerCase();
    const before = latest.get(key);
    if (!before) latest.set(key, found);
    else {
      const [newer, older] = before.appliedAt > found.appliedAt ? [before, found] : [found, before];
      latest.set(key, { ...newer, supersedes: [...newer.supersedes, ...older.supersedes, older.workflowId].sort() });
    }
  }
  return [...latest.values()].sort((a, b) => a.appliedAt.localeCompare(b.appliedAt) || a.resourceId.localeCompare(b.resourceId));
}
