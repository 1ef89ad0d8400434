import type { DecisionRecord, Proposal, RecordOf, Step } from '../../core/index.js';

/** How one proposal ended, as the weekly report counts it. */
export type ProposalOutcome = 'executed' | 'rolled-back' | 'rollback-failed' | 'rejected' | 'expired' | 'blocked' | 'aborted' | 'pending';

export interface ProposalFate {
  outcome: ProposalOutcome;
  /** Why it was blocked, rejected, aborted or rolled back; how a change was verified. */
  reason: string;
  /** Set once a verify record measured the change; 0 when it regressed or was rolled back. */
  realizedMonthlySavingsUsd?: number;
}

function lastOf<S extends Step>(steps: readonly DecisionRecord[], step: S): RecordOf<S> | undefined {
  return steps.findLast((r): r is RecordOf<S> => r.step === step);
}

/** The proposal the analysis recorded for one workflow, if any. */
export function proposalOf(steps: readonly DecisionRecord[]): Proposal | undefined {
  for (const record of [...steps].reverse()) if (record.step === 'propose' && record.output.kind === 'proposal') return record.output.proposal;
  return undefined;
}

/** One workflow's fate from its records' typed outputs; the last deciding step wins. `estimate` stands in for an unmeasured healthy change. */
export function proposalFate(steps: readonly DecisionRecord[], estimate: number): ProposalFate {
  const rollback = lastOf(steps, 'rollback');
  // A refused or failed rollback leaves the change it meant to undo in place.
  if (rollback && 'status' in rollback.output && (rollback.output.status === 'refused' || rollback.output.status === 'failed')) {
    const { failure, reasons, regression } = rollback.output;
    return { outcome: 'rollback-failed', reason: [regression, failure ?? reasons.join('; ')].filter(Boolean).join('; ') };
  }
  if (rollback && 'reason' in rollback.output)
    return { outcome: 'rolled-back', reason: `rolled back: ${rollback.output.reason}`, realizedMonthlySavingsUsd: 0 };
  const execute = lastOf(steps, 'execute');
  // An off-hours enrollment changes nothing itself: its savings come from the firings, so none is claimed as realized here.
  if (execute?.output.kind === 'enrollment') return { outcome: 'executed', reason: `enrolled until ${execute.output.enrollment.validUntil}` };
  if (execute?.output.kind === 'applied') {
    const verify = lastOf(steps, 'verify');
    if (!verify) return { outcome: 'executed', reason: 'applied; not yet verified' };
    const { regressed, reason, realizedMonthlySavingsUsd } = verify.output;
    return {
      outcome: 'executed',
      reason: `${regressed ? 'regression' : 'healthy'}: ${reason}`,
      realizedMonthlySavingsUsd: regressed ? 0 : (realizedMonthlySavingsUsd ?? estimate),
    };
  }
  const abort = lastOf(steps, 'abort');
  if (abort) return { outcome: 'aborted', reason: abort.output.reasons.join('; ') };
  const rejection = steps.findLast((r): r is RecordOf<'approve'> => r.step === 'approve' && r.output.decision === 'reject');
  if (rejection) return { outcome: 'rejected', reason: `${rejection.actor.id}: ${rejection.output.reason || 'no reason given'}` };
  const expire = lastOf(steps, 'expire');
  if (expire) return { outcome: 'expired', reason: `no decision${expire.output.expiresAt ? ` before ${expire.output.expiresAt}` : ''}; nothing was changed` };
  const check = lastOf(steps, 'check');
  if (check && !check.output.passed) return { outcome: 'blocked', reason: failedReasons(check).join('; ') };
  return { outcome: 'pending', reason: 'waiting for approval or execution' };
}

/** The failed checks of a `check` record, named. */
export function failedChecksOf(record: RecordOf<'check'>): { check: string; reason: string }[] {
  return record.output.results.filter((c) => !c.passed).map((c) => ({ check: c.check, reason: c.reason }));
}

function failedReasons(record: RecordOf<'check'>): string[] {
  return failedChecksOf(record).map((c) => c.reason);
}
