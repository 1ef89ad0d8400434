import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActionActivities, AnalysisActivities, OffHoursActions } from '../activities/index.js';
import { keysOf, passkeysOf, signatureRefusal } from '../core/approval-signature.js';
import { formatSshPublicKey, parseSshSignature } from '../core/sshsig.js';
import { approverRefusal, DecideInputSchema, parseDecideInput, type Approval, type DecideInput, type DecideRequest } from '../core/approval.js';
import { ACTIONS_QUEUE, ANALYSIS_QUEUE, ROLLBACK_FAILED, type FindingWorkflowInput, type PendingView, type WorkflowState } from '../core/workflow-contract.js';
import { decideUpdate, pendingQuery } from './messages.js';
import { TollgateMonthlySavingsUsd, TollgateProvider, TollgateRisk, TollgateState } from './search-attributes.js';

/** How far in the future a signer's clock may be. */
const SIGNATURE_CLOCK_SKEW_MS = 5 * 60_000;

const analysis = proxyActivities<AnalysisActivities>({
  taskQueue: ANALYSIS_QUEUE,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});
const actions = proxyActivities<ActionActivities & OffHoursActions>({
  taskQueue: ACTIONS_QUEUE,
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/**
 * One finding from detection to its end: enrich → propose → check → approve → execute → verify.
 * Nothing reaches the actions queue without a passed verdict and enough human approvals.
 */
/** What the savings were priced at: the bill's own rate when the finding used it, else the list price and its catalog date. */
function pricingEvidence(finding: FindingWorkflowInput['finding']): NonNullable<PendingView['pricing']> {
  return { source: finding.priceSource ?? 'list price', ...(finding.catalogDate ? { catalogDate: finding.catalogDate } : {}) };
}

export async function findingWorkflow(input: FindingWorkflowInput): Promise<PendingView> {
  const { finding } = input;
  const workflowId = workflowInfo().workflowId;
  const view: PendingView = {
    workflowId,
    findingId: finding.id,
    state: 'Analyzing',
    summary: finding.summary,
    scope: { provider: finding.provider, region: finding.region, ...(finding.account ? { account: finding.account } : {}) },
    pricing: pricingEvidence(finding),
    ...(finding.utilization ? { utilization: finding.utilization } : {}),
    checks: [],
    approvals: [],
  };
  setHandler(pendingQuery, () => view);
  const recorded = { count: 0 };
  setHandler(decideUpdate, (decision) => applyDecision(view, finding.id, decision, recorded), { validator: (decision) => validateDecision(view, decision) });
  setState(view, 'Analyzing');
  upsertSearchAttributes([
    { key: TollgateProvider, value: finding.provider },
    { key: TollgateMonthlySavingsUsd, value: finding.estimatedMonthlySavingsUsd },
  ]);

  // 1-2. enrich and propose (LangGraph, read-only tools)
  const { proposal } = await analysis.analyzeFinding({ workflowId, finding, runId: input.runId });
  view.proposal = proposal;

  // 3. check
  const check = await analysis.checkProposal({ workflowId, finding, proposal, runId: input.runId });
  view.checks = check.verdict.results;
  view.proposalHash = check.proposalHash;
  view.risk = check.verdict.risk;
  upsertSearchAttributes([{ key: TollgateRisk, value: check.verdict.risk }]);
  if (!check.verdict.passed)
    return finish(
      view,
      'Blocked',
      check.verdict.results
        .filter((r) => !r.passed)
        .map((r) => r.reason)
        .join('; '),
    );

  // 4. dry-run, so the approver sees the provider-validated plan (older histories ran without it)
  if (patched('dry-run-before-approval')) {
    const plan = await actions.previewChange({ workflowId, finding, proposal, verdict: check.verdict });
    view.plan = { steps: plan.steps, validatedBy: plan.validatedBy };
  }

  // 5. approve
  view.requirement = check.requirement;
  view.expiresAt = new Date(Date.now() + check.requirement.expiresInMs).toISOString();
  setState(view, 'AwaitingApproval');
  const posted = await analysis.notifyApprovers({ view, finding });
  if (posted) view.message = posted;
  // A decision counts once its audit record is written, so the log never shows execution before approval.
  const decided = await condition(
    () => recorded.count === view.approvals.length && (isRejected(view) || approvedBy(view).length >= check.requirement.required),
    check.requirement.expiresInMs,
  );
  if (!decided) {
    await analysis.recordOutcome({
      workflowId,
      findingId: finding.id,
      step: 'expire',
      actor: { kind: 'system', id: 'tollgate' },
      summary: 'approval request expired',
      output: { expiresAt: view.expiresAt, approvals: view.approvals },
      outcome: 'expired: nothing was changed',
      key: 'expire',
    });
    return finish(view, 'Expired', `no decision before ${view.expiresAt}; nothing was changed`);
  }
  if (isRejected(view)) {
    const rejection = view.approvals.find((a) => a.decision === 'reject')!;
    return finish(view, 'Rejected', `rejected by ${rejection.approver}${rejection.reason ? `: ${rejection.reason}` : ''}`);
  }

  // 6. execute (actions queue: re-check, ticket, dry-run, apply once)
  setState(view, 'Executing');
  const executeInput = {
    workflowId,
    runId: input.runId,
    finding,
    proposal,
    proposalHash: check.proposalHash,
    approvals: view.approvals,
    requirement: check.requirement,
  };
  // An off-hours enrollment changes nothing now: it is recorded, and each Schedule firing acts under it.
  if (proposal.action.type === 'off-hours') {
    const enrolled = await actions.enrollOffHours(executeInput);
    if (enrolled.status === 'aborted') return finish(view, 'Aborted', enrolled.reasons.join('; '));
    return finish(view, 'Executed', `enrolled in off-hours schedule "${proposal.action.schedule}" until ${enrolled.validUntil ?? 'the policy expiry'}`);
  }
  const executed = await actions.executeAction(executeInput);
  if (executed.status === 'aborted') return finish(view, 'Aborted', executed.reasons.join('; '));

  // 7. verify, and roll back a regression
  setState(view, 'Verifying');
  await sleep(input.verifyWindowMs);
  const verdict = await analysis.verifyChange({ workflowId, finding, proposal, appliedAt: executed.result.at });
  if (verdict.regressed) {
    const rollback = { ...executeInput, applied: executed.result, reason: verdict.reason };
    const restored = await actions.rollbackAction(rollback).catch((error: unknown) => rollbackFailure(error));
    if (typeof restored === 'string') return finishRollbackFailed(view, finding.id, verdict.reason, restored, rollback.applied.currentSku);
    return finish(view, 'RolledBack', `${verdict.reason}; restored ${restored.currentSku}`);
  }
  return finish(view, 'Executed', `${executed.result.priorSku} → ${executed.result.currentSku}; ${verdict.reason}`);
}

/** Why the rollback did not happen, from its activity's failure; anything but an activity failure is a bug and rethrown. */
function rollbackFailure(error: unknown): string {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === ROLLBACK_FAILED ? cause.message : `rollback failed: ${cause?.message ?? error.message}`;
}

/**
 * A regression that could not be rolled back ends the workflow where everyone can see it: state
 * RollbackFailed, the reason in the outcome, and an audit record (the activity wrote its own when
 * it got that far; this one says how the workflow ended).
 */
async function finishRollbackFailed(view: PendingView, findingId: string, regression: string, failure: string, currentSku: string): Promise<PendingView> {
  await analysis.recordOutcome({
    workflowId: view.workflowId,
    findingId,
    step: 'rollback',
    actor: { kind: 'system', id: 'tollgate' },
    summary: `rollback did not happen; the resource stays ${currentSku}`,
    output: { status: 'failed', reasons: [failure], regression, failure },
    outcome: failure,
    key: 'rollback-failed',
  });
  return finish(view, 'RollbackFailed', `${regression}; ${failure}; the change stays (${currentSku}): roll it back by hand`);
}

function validateDecision(view: PendingView, raw: unknown): void {
  if (view.state !== 'AwaitingApproval') {
    throw ApplicationFailure.nonRetryable(`no decision is pending: this workflow is ${view.state}${view.outcome ? ` (${view.outcome})` : ''}`);
  }
  const parsed = parseDecideInput(raw);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(parsed.message);
  const decision = parsed.input;
  // The refusal never tells the pending hash: a decision must come from someone who read the proposal.
  if (decision.proposalHash !== view.proposalHash) {
    throw ApplicationFailure.nonRetryable(
      `stale proposal hash ${decision.proposalHash.slice(0, 12)}: it is not the pending proposal's; run "tollgate approvals show ${view.workflowId}", review it and decide on its hash`,
    );
  }
  const refusal = approverRefusal(decision.approver, view.requirement!, view.proposal!.proposer);
  if (refusal) throw ApplicationFailure.nonRetryable(refusal);
  if (view.approvals.some((a) => a.approver === decision.approver))
    throw ApplicationFailure.nonRetryable(`${decision.approver} has already decided on this proposal`);
  const requirement = view.requirement!;
  const unsigned = signatureRefusal(decision, view.workflowId, keysOf(requirement.keys, decision.approver), requirement.unsignedApprovals === true, {
    credentials: passkeysOf(requirement.passkeys, decision.approver),
    relyingParty: requirement.passkeyRelyingParty,
  });
  if (unsigned) throw ApplicationFailure.nonRetryable(unsigned);
  if (decision.signature || decision.passkey) {
    const signedAt = Date.parse(decision.at!);
    if (signedAt > Date.now() + SIGNATURE_CLOCK_SKEW_MS)
      throw ApplicationFailure.nonRetryable(`the signature is dated ${decision.at}, in the future: check your clock`);
    if (signedAt < Date.now() - requirement.expiresInMs)
      throw ApplicationFailure.nonRetryable(`the signature is dated ${decision.at}, older than this request may wait: sign again`);
  }
}

async function applyDecision(view: PendingView, findingId: string, raw: DecideRequest, recorded: { count: number }): Promise<PendingView> {
  // The validator accepted it; parse again for the defaults and so only known fields are kept.
  const parsed = DecideInputSchema.safeParse(raw);
  // Only a history from before the strict validator can replay an input it would refuse: keep its known fields.
  const decision: DecideInput = parsed.success
    ? parsed.data
    : { proposalHash: String(raw.proposalHash), decision: raw.decision, approver: String(raw.approver), reason: String(raw.reason ?? '') };
  const approval: Approval = {
    ...decision,
    // A signed decision keeps the time it was signed at (it is part of the signed message).
    at: (decision.signature || decision.passkey) && decision.at ? decision.at : new Date(Date.now()).toISOString(),
    role: view.requirement!.approvers[decision.approver]!,
  };
  view.approvals.push(approval);
  await analysis.recordOutcome({
    workflowId: view.workflowId,
    findingId,
    step: 'approve',
    actor: { kind: 'human', id: decision.approver },
    summary: `${decision.decision} by ${decision.approver} (${approval.role})`,
    // The key the validator accepted, from the policy of this time: `audit verify` can check the signature offline.
    output: recordedProof(approval, view.requirement!),
    outcome: decision.decision === 'approve' ? 'approved' : `rejected${approval.reason ? `: ${approval.reason}` : ''}`,
    key: `approve:${decision.approver}`,
  });
  recorded.count += 1;
  return view;
}

/** The approval with what its proof was verified against, so `audit verify` can check it offline. */
function recordedProof(approval: Approval, requirement: NonNullable<PendingView['requirement']>): Approval & Record<string, unknown> {
  if (approval.signature) return { ...approval, signedWith: formatSshPublicKey(parseSshSignature(approval.signature).publicKey) };
  if (approval.passkey) {
    const credentialId = approval.passkey.credentialId;
    const passkey = passkeysOf(requirement.passkeys, approval.approver).find((p) => p.credentialId === credentialId);
    return { ...approval, passkeyCredential: passkey, passkeyRelyingParty: requirement.passkeyRelyingParty };
  }
  return approval;
}

function approvedBy(view: PendingView): Approval[] {
  return view.approvals.filter((a) => a.decision === 'approve');
}

function isRejected(view: PendingView): boolean {
  return view.approvals.some((a) => a.decision === 'reject');
}

function setState(view: PendingView, state: WorkflowState): void {
  view.state = state;
  upsertSearchAttributes([{ key: TollgateState, value: state }]);
}

async function finish(view: PendingView, state: WorkflowState, outcome: string): Promise<PendingView> {
  view.outcome = outcome;
  setState(view, state);
  if (view.message && patched('announce-outcome')) await analysis.announceOutcome({ view });
  await condition(allHandlersFinished);
  return view;
}
