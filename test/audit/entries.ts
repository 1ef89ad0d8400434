import type { DecisionEntry, Step, StepOutput } from '../../core/index.js';

const AT = '2025-03-03T10:00:00.000Z';
const RESIZE = { type: 'resize', provider: 'aws', resourceId: 'i-0abc', region: 'eu-west-1', fromSku: 'm5.xlarge', toSku: 'm5.large' } as const;
const APPROVAL = { proposalHash: 'f'.repeat(64), decision: 'approve', approver: 'approver@example.com', reason: '', at: AT, role: 'finops' } as const;
const RESULT = { action: RESIZE, idempotencyKey: 'key-1', appliedNow: true, priorSku: 'm5.xlarge', currentSku: 'm5.large', at: AT };

/** A plausible typed output for each step, as the activities write them. */
export const SAMPLE_OUTPUTS: { [S in Step]: StepOutput<S> } = {
  detect: {},
  enrich: { kind: 'enrichment', enrichment: { source: 'llm' } },
  propose: { kind: 'no-proposal', route: 'explain' },
  check: { passed: true, actionHash: 'a'.repeat(64), factsAt: AT, evaluatedAt: AT, risk: 'low', ruleVersions: {}, results: [] },
  plan: { action: RESIZE, validatedBy: 'sandbox', steps: ['resize'] },
  notify: { kind: 'approval-request', channels: ['cli'] },
  approve: APPROVAL,
  expire: { approvals: [] },
  claim: { kind: 'run-slot', runId: 'run-1', slot: 1, monthlyUsd: 40 },
  execute: { kind: 'applied', runId: 'run-1', monthlyUsd: 40, result: RESULT },
  verify: { regressed: false, reason: 'within the ceiling' },
  rollback: { reason: 'regression', result: RESULT },
  abort: { reasons: ['drift'] },
  revoke: { enrollmentWorkflowId: 'wf-1', resourceId: 'i-0abc', reason: '' },
  feedback: {
    kind: 'anomaly-feedback',
    incidentId: 'inc_0123456789abcdef',
    verdict: 'planned',
    by: 'ana',
    rootCause: { resource: 'i-0abc' },
    currency: 'USD',
    start: '2025-03-03',
  },
};

type Overrides<S extends Step> = Partial<Omit<DecisionEntry, 'step' | 'output'>> & { step?: S; output?: StepOutput<S> };

/** A plausible decision entry (a passed check unless told); tests override what they look at. */
export function entry<S extends Step = 'check'>(overrides: Overrides<S> = {}): DecisionEntry {
  const step = overrides.step ?? 'check';
  return {
    at: AT,
    workflowId: 'wf-1',
    findingId: 'finding-1',
    actor: { kind: 'system', id: 'tollgate' },
    input: { digest: 'd'.repeat(64), summary: 'guardrails on i-0abc' },
    outcome: 'passed',
    ...overrides,
    step,
    output: overrides.output ?? SAMPLE_OUTPUTS[step],
  } as DecisionEntry; // step and output are one pair: the output given for S, or S's sample
}
