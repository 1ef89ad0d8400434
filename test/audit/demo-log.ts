import { createAnalysisActivities } from '../../activities/analysis.js';
import { detectFindings } from '../../activities/detect-findings.js';
import { createActionActivities } from '../../activities/execute-actions.js';
import { readOnlyView } from '../../clouds/provider.js';
import type { Approval, DecisionEntry, DecisionRecord, PendingView } from '../../core/index.js';
import { SAMPLE_CASSETTES } from '../../evals/cassette-paths.js';
import { startReplayServer } from '../../evals/replay-server.js';
import { signedApproval } from '../support/approver-keys.js';
import { TestWorld } from '../support/world.js';

/**
 * The decision log the demo writes for its first finding, made by the real activities in the
 * workflow's order (detect, enrich, propose, check, plan, notify, two approvals, execute,
 * verify) over the sample estate, with the recorded LLM cassettes; Temporal is left out
 * because the log is what the tamper tests need, and the activities are what write it.
 */
export async function demoLogRecords(): Promise<DecisionRecord[]> {
  const replay = await startReplayServer({ cassetteDir: SAMPLE_CASSETTES, mode: 'replay' });
  const world = new TestWorld(replay.baseUrl);
  try {
    const analysis = createAnalysisActivities(world.analysisDeps());
    const actions = createActionActivities(world.actionDeps());
    const clock = () => new Date().toISOString();
    const finding = (await detectFindings(readOnlyView(world.cloud), world.policy, clock())).find((f) => f.kind === 'rightsizing');
    if (!finding) throw new Error('the sample estate has no rightsizing finding');
    const workflowId = `demo-${finding.id}`;
    const { proposal } = await analysis.analyzeFinding({ workflowId, finding, runId: 'demo' });
    const check = await analysis.checkProposal({ workflowId, finding, proposal, runId: 'demo' });
    await actions.previewChange({ workflowId, finding, proposal, verdict: check.verdict });
    const view: PendingView = {
      workflowId,
      findingId: finding.id,
      state: 'AwaitingApproval',
      summary: finding.summary,
      proposal,
      proposalHash: check.proposalHash,
      checks: check.verdict.results,
      requirement: check.requirement,
      approvals: [],
    };
    await analysis.notifyApprovers({ view });
    const approvers = Object.keys(check.requirement.approvers).filter((a) => a !== proposal.proposer.id);
    // Signed as the demo signs them: the test world's policy lists each approver's generated key.
    const approvals: Approval[] = approvers.slice(0, Math.max(check.requirement.required, 1)).map((approver) =>
      signedApproval(workflowId, {
        proposalHash: check.proposalHash,
        decision: 'approve',
        approver,
        reason: 'demo',
        at: clock(),
        role: check.requirement.approvers[approver]!,
      }),
    );
    for (const approval of approvals) {
      await analysis.recordOutcome({
        workflowId,
        findingId: finding.id,
        step: 'approve',
        actor: { kind: 'human', id: approval.approver },
        summary: `approve by ${approval.approver} (${approval.role})`,
        output: approval,
        outcome: 'approved',
        key: `approve:${approval.approver}`,
      });
    }
    const executed = await actions.executeAction({
      workflowId,
      runId: 'demo',
      finding,
      proposal,
      proposalHash: check.proposalHash,
      approvals,
      requirement: check.requirement,
    });
    if (executed.status === 'applied') await analysis.verifyChange({ workflowId, finding, proposal, appliedAt: executed.result.at });
    return await world.audit.records();
  } finally {
    await world.audit.close();
    await replay.close();
  }
}

/** A record without what the store adds, to write the same log into another store. */
export function entryOf(record: DecisionRecord): DecisionEntry {
  const { seq: _seq, id: _id, prevHash: _prev, hash: _hash, version: _version, ...entry } = record;
  return entry;
}
