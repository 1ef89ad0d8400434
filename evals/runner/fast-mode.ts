import pino from 'pino';
import { join } from 'node:path';
import { detectFindings } from '../../activities/detect-findings.js';
import type { ActionDeps, AnalysisDeps } from '../../activities/deps.js';
import { createActionActivities, type ExecuteOutput } from '../../activities/execute-actions.js';
import { createOffHoursActivities } from '../../activities/execute-off-hours.js';
import { SpendLedger } from '../../agents/index.js';
import { SqliteAuditStore } from '../../audit/index.js';
import { readOnlyView } from '../../clouds/provider.js';
import type { Approval } from '../../core/index.js';
import { fastModeRefusal, hashFor } from './decisions.js';
import { createEvalAnalysisActivities } from './eval-activities.js';
import { approvalTimeline, callTallyOf, modelUsageOf, mutationsOf, savingsCapturedUsd } from './measure.js';
import { emptyOutcome, type ScenarioOutcome } from './outcome.js';
import type { ScenarioRun } from './scenario-run.js';
import { evalKeyring } from './approver-keys.js';

/** Temporal retries a failed activity; the fast mode does the same, a few times. */
const ATTEMPTS = 5;

/**
 * A rightsizing scenario in process, without Temporal: detect, the real analysis and action
 * activities in the workflow's order, decisions checked as the `decide` validator checks them.
 * A worker kill is played as a crash after apply (the activity dies, then is retried).
 */
export async function runRightsizingFast(run: ScenarioRun): Promise<ScenarioOutcome> {
  const started = Date.now();
  const { scenario, cloud, policy } = run;
  const audit = new SqliteAuditStore(join(run.scratchDir, 'audit.sqlite'));
  const log = pino({ level: 'silent' });
  const clock = () => new Date().toISOString();
  // The scenario's own ledger: every model request, how it ended, and the template's answers.
  const ledger = new SpendLedger(join(run.scratchDir, 'agent-spend.sqlite'));
  const analysisDeps: AnalysisDeps = { readerFor: () => readOnlyView(cloud), audit, policy, llm: run.llm, clock, log, agents: { ledger } };
  const actionDeps: ActionDeps = { providerFor: () => cloud, audit, policy, clock, log };
  const analysis = createEvalAnalysisActivities(analysisDeps, () => ({ scenario, scratchDir: run.scratchDir }));
  const actions = createActionActivities(actionDeps);
  const workflowId = `eval-fast-${scenario.id}`;
  const base = emptyOutcome(run, 'fast', started);

  const finish = async (finalState: string, outcome: string, extra: Partial<ScenarioOutcome> = {}): Promise<ScenarioOutcome> => {
    const records = await audit.records({ workflowId });
    await audit.close();
    const calls = callTallyOf(ledger);
    ledger.close();
    return {
      ...base,
      calls,
      ...modelUsageOf(records),
      ...approvalTimeline(records),
      ...extra,
      finalState,
      outcome,
      mutations: mutationsOf(run),
      savingsCapturedUsd: await savingsCapturedUsd(run),
      durationMs: Date.now() - started,
    };
  };

  const finding = (await detectFindings(readOnlyView(cloud), policy, clock()))[0];
  if (!finding) return finish('NoFinding', 'detect found nothing to change');
  const { proposal } = await analysis.analyzeFinding({ workflowId, finding });
  const check = await analysis.checkProposal({ workflowId, finding, proposal });
  const decided = { decisionLatencyMs: Date.now() - started, proposalSource: proposal.source, approvalsRequired: check.requirement.required };
  if (!check.verdict.passed) {
    const reasons = check.verdict.results.filter((r) => !r.passed).map((r) => r.reason);
    return finish('Blocked', reasons.join('; '), decided);
  }

  for (const event of scenario.events) {
    if (event.kind === 'crashAfterApply' || event.kind === 'killActionsWorkerDuringApply') cloud.injectCrashAfterApply(1);
  }
  const approvals: Approval[] = [];
  let refused = 0;
  let unexpected = 0;
  for (const event of scenario.events.filter((e) => e.kind === 'changeOutOfBand')) cloud.changeOutOfBand(event.resourceId ?? finding.resourceId, event.sku!);
  for (const decision of scenario.decisions) {
    const refusal = fastModeRefusal(decision, check.proposalHash, check.requirement, proposal.proposer, approvals);
    if (refusal) {
      refused += 1;
      if (!decision.expectRefused) unexpected += 1;
      continue;
    }
    if (decision.expectRefused) unexpected += 1;
    const approval: Approval = evalKeyring.signedApproval(workflowId, {
      proposalHash: hashFor(decision, check.proposalHash),
      decision: decision.decision,
      approver: decision.by,
      reason: decision.reason,
      at: clock(),
      role: check.requirement.approvers[decision.by]!,
    });
    approvals.push(approval);
    await analysis.recordOutcome({
      workflowId,
      findingId: finding.id,
      step: 'approve',
      actor: { kind: 'human', id: decision.by },
      summary: `${decision.decision} by ${decision.by}`,
      output: approval,
      outcome: decision.decision === 'approve' ? 'approved' : 'rejected',
      key: `approve:${decision.by}`,
    });
  }
  const tally = { ...decided, proposed: true, refusedDecisions: refused, unexpectedRefusals: unexpected };
  const rejection = approvals.find((a) => a.decision === 'reject');
  if (rejection) return finish('Rejected', `rejected by ${rejection.approver}${rejection.reason ? `: ${rejection.reason}` : ''}`, tally);
  if (approvals.length < check.requirement.required) return finish('Expired', 'not enough approvals before expiry; nothing was changed', tally);

  const input = { workflowId, runId: workflowId, finding, proposal, proposalHash: check.proposalHash, approvals, requirement: check.requirement };
  // An off-hours enrollment is recorded, not applied: the workflow takes the same branch.
  if (proposal.action.type === 'off-hours') {
    const enrolled = await createOffHoursActivities(actionDeps).enrollOffHours(input);
    if (enrolled.status === 'aborted') return finish('Aborted', enrolled.reasons.join('; '), tally);
    return finish('Executed', `enrolled in off-hours schedule "${proposal.action.schedule}" until ${enrolled.validUntil ?? ''}`, tally);
  }
  let executed: ExecuteOutput | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS && !executed; attempt++) executed = await actions.executeAction(input).catch(() => undefined);
  if (!executed) return finish('Failed', 'execute failed on every attempt', tally);
  if (executed.status === 'aborted') return finish('Aborted', executed.reasons.join('; '), tally);
  await new Promise((r) => setTimeout(r, scenario.verifyWindowMs));
  const verdict = await analysis.verifyChange({ workflowId, finding, proposal, appliedAt: executed.result.at });
  if (verdict.regressed) {
    await actions.rollbackAction({ ...input, applied: executed.result, reason: verdict.reason });
    return finish('RolledBack', verdict.reason, tally);
  }
  return finish('Executed', `${executed.result.priorSku} → ${executed.result.currentSku}; ${verdict.reason}`, tally);
}
