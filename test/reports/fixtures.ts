import type { AuditStore } from '../../audit/index.js';
import { incidentId, type Action, type DecisionEntry, type Incident, type Proposal, type Step, type StepOutput } from '../../core/index.js';
import { queryRows, type Warehouse } from '../../warehouse/connection.js';

/** Week ending 2025-03-10: the report covers 2025-03-03 … 2025-03-09, compared with the week before. */
export const WEEK_ENDING = '2025-03-10';

/**
 * A small FOCUS fixture written straight into the warehouse's focus_rows table: two teams,
 * three services, two envs, 21 days, all in USD; team payments doubles its EC2 spend in the report week.
 */
export async function seedWarehouse(db: Warehouse): Promise<void> {
  const rows: string[] = [];
  let n = 0;
  for (let day = 0; day < 21; day++) {
    const date = new Date(Date.UTC(2025, 1, 17 + day)).toISOString().slice(0, 10);
    const reportWeek = date >= '2025-03-03';
    const lines: [string, string, string, number][] = [
      ['payments', 'prod', 'Amazon Elastic Compute Cloud', reportWeek ? 200 : 100],
      ['payments', 'prod', 'Amazon Simple Storage Service', 20],
      ['search', 'dev', 'Amazon Elastic Compute Cloud', 50],
      ['search', 'prod', 'Azure Virtual Machines', 30 + (day % 7)],
    ];
    for (const [team, env, service, cost] of lines) {
      const tags = JSON.stringify({ team, env });
      rows.push(
        `(TIMESTAMP '${date} 00:00:00', TIMESTAMP '${date} 00:00:00' + INTERVAL 1 DAY, ${cost}, ${cost}, 'USD', '${service}', 'aws', '${tags}', 'fixture.csv', ${n++}, 0, 'ingest-fixture', 'focus')`,
      );
    }
  }
  await queryRows(
    db,
    `INSERT INTO focus_rows (ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, BillingCurrency, ServiceName, ProviderName, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     VALUES ${rows.join(',\n')}`,
  );
}

const at = (day: number, hour = 10) => new Date(Date.UTC(2025, 2, day, hour)).toISOString();

type Extra = Partial<Omit<DecisionEntry, 'step' | 'output'>>;

/** One record of `step` with its typed output, as the activities write it. */
function record<S extends Step>(workflowId: string, step: S, outcome: string, output: StepOutput<S>, extra: Extra = {}): DecisionEntry {
  return {
    at: at(4),
    workflowId,
    findingId: `finding-${workflowId}`,
    actor: { kind: 'system', id: 'tollgate' },
    input: { digest: '0'.repeat(64), summary: step },
    outcome,
    ...extra,
    step,
    output,
  } as DecisionEntry; // step and output are one StepOutput<S> pair
}

function verdict(failed: { check: string; reason: string }[] = []): StepOutput<'check'> {
  return {
    passed: failed.length === 0,
    actionHash: 'a'.repeat(64),
    factsAt: at(4),
    evaluatedAt: at(4),
    risk: 'low',
    ruleVersions: { 'min-savings': 1 },
    results: failed.map((f) => ({ ...f, version: 1, passed: false, numbers: {} })),
  };
}

function approval(approver: string, decision: 'approve' | 'reject', reason = ''): StepOutput<'approve'> {
  return { proposalHash: 'f'.repeat(64), decision, approver, reason, at: at(4), role: 'finops' };
}

function mutation(action: Action, priorSku: string, currentSku: string, when = at(4)) {
  return { action, idempotencyKey: `key-${action.resourceId}-${when}`, appliedNow: true, priorSku, currentSku, at: when };
}

function resize(resourceId: string, from: string, to: string): Action {
  return { type: 'resize', provider: 'aws', resourceId, region: 'eu-west-1', fromSku: from, toSku: to };
}

function proposal(workflowId: string, resourceId: string, from: string, to: string, savings: number): DecisionEntry {
  // As activities/analysis.ts records it: the proposal, where the resource lives, and the SKU advice beside it.
  const proposed: Proposal = {
    findingId: `finding-${workflowId}`,
    action: resize(resourceId, from, to),
    rationale: 'low CPU',
    risk: 'low',
    estimatedMonthlySavingsUsd: savings,
    proposer: { kind: 'agent', id: 'rightsizer' },
    source: 'llm',
  };
  return record(
    workflowId,
    'propose',
    `proposed resize to ${to}`,
    { kind: 'proposal', proposal: proposed, scope: { provider: 'aws', account: '111122223333', region: 'us-east-1' } },
    {
      actor: { kind: 'agent', id: 'rightsizer' },
      model: 'gpt-4o-mini',
      tokens: { input: 1200, output: 300, cached: 0 },
      costUsd: 0.6,
    },
  );
}

/** An off-hours enrollment, approved and recorded (nothing in the cloud changed by it). */
function enrollment(workflowId: string, resourceId: string, savings: number): DecisionEntry[] {
  const action = {
    type: 'off-hours' as const,
    provider: 'aws' as const,
    resourceId,
    region: 'eu-west-1',
    schedule: 'dev-nights',
    stopCron: '0 20 * * 1-5',
    startCron: '0 7 * * 1-5',
    timezone: 'Europe/Berlin',
  };
  const proposal: Proposal = {
    findingId: `finding-${workflowId}`,
    action,
    rationale: 'owner opted in',
    risk: 'low',
    estimatedMonthlySavingsUsd: savings,
    proposer: { kind: 'system', id: 'remediation-rules' },
    source: 'rule',
  };
  const enrollment = {
    workflowId,
    findingId: `finding-${workflowId}`,
    proposal: { findingId: proposal.findingId, action, estimatedMonthlySavingsUsd: savings },
    proposalHash: 'e'.repeat(64),
    proposer: proposal.proposer,
    approvals: [{ ...approval('approver@example.com', 'approve'), proposalHash: 'e'.repeat(64) }],
    enrolledAt: at(4),
    validUntil: '2025-04-03T10:00:00.000Z',
  };
  const schedule = { kind: 'system' as const, id: 'schedule:dev-nights' };
  // Two nights stopped and started by the schedule (20:00-07:00 CET is 19:00-06:00 UTC), then a refused stop.
  const change = (phase: 'stop' | 'start', day: number, hour: number) =>
    record(
      `tollgate-off-hours-dev-nights-${phase}-${day}`,
      'execute',
      phase === 'stop' ? 'stopped: stopped' : 'started: running',
      {
        kind: 'scheduled-change',
        offHours: { enrollmentWorkflowId: workflowId, schedule: 'dev-nights', phase, firingId: `firing-${phase}-${day}`, resourceId },
        result: mutation(
          { type: phase, provider: 'aws', resourceId, region: 'eu-west-1' },
          phase === 'stop' ? 'running' : 'stopped',
          phase === 'stop' ? 'stopped' : 'running',
          at(day, hour),
        ),
        verified: true,
        stateAfter: phase === 'stop' ? 'stopped' : 'running',
        approvers: ['approver@example.com'],
        note: 'plan: validated',
      },
      { at: at(day, hour), findingId: `finding-${workflowId}`, actor: schedule },
    );
  return [
    record(workflowId, 'propose', 'proposed off-hours (rule)', { kind: 'proposal', proposal }),
    record(workflowId, 'check', 'passed', verdict()),
    record(workflowId, 'approve', 'approved', approval('approver@example.com', 'approve'), { actor: { kind: 'human', id: 'approver@example.com' } }),
    record(workflowId, 'execute', 'enrolled until 2025-04-03T10:00:00.000Z', {
      kind: 'enrollment',
      runId: 'run-1',
      monthlyUsd: savings,
      enrollment,
      result: mutation(action, 'always on', 'off-hours "dev-nights"'),
    }),
    change('stop', 4, 19),
    change('start', 5, 6),
    change('stop', 5, 19),
    change('start', 6, 6),
    record(
      'tollgate-off-hours-dev-nights-stop-6',
      'abort',
      'refused: freeze window "release" until 2025-03-07T19:00:00.000Z',
      {
        reasons: ['freeze window "release" until 2025-03-07T19:00:00.000Z'],
        change: { enrollmentWorkflowId: workflowId, schedule: 'dev-nights', phase: 'stop', firingId: 'firing-stop-6', resourceId },
      },
      { at: at(6, 19), actor: schedule },
    ),
  ];
}

/** One workflow per outcome the report distinguishes, plus model calls and one record outside the week. */
export async function seedAudit(store: AuditStore): Promise<void> {
  const human = (id: string): Extra => ({ actor: { kind: 'human', id } });
  const entries: DecisionEntry[] = [
    record(
      'wf-exec',
      'enrich',
      'enriched',
      { kind: 'enrichment', enrichment: { source: 'llm' } },
      { actor: { kind: 'agent', id: 'enricher' }, tokens: { input: 800, output: 200, cached: 0 }, costUsd: 1.5 },
    ),
    proposal('wf-exec', 'i-exec', 'm5.2xlarge', 'm5.xlarge', 140),
    record('wf-exec', 'check', 'passed', verdict()),
    record('wf-exec', 'approve', 'approved', approval('approver@example.com', 'approve'), human('approver@example.com')),
    record('wf-exec', 'execute', 'applied', {
      kind: 'applied',
      runId: 'run-1',
      monthlyUsd: 140,
      result: mutation(resize('i-exec', 'm5.2xlarge', 'm5.xlarge'), 'm5.2xlarge', 'm5.xlarge'),
    }),
    record('wf-exec', 'verify', 'healthy: CPU P99 31.0% after the change is within the 80% ceiling', {
      regressed: false,
      reason: 'CPU P99 31.0% after the change is within the 80% ceiling',
      realizedMonthlySavingsUsd: 132.5,
    }),
    proposal('wf-reject', 'i-reject', 'c5.4xlarge', 'c5.2xlarge', 210),
    record('wf-reject', 'check', 'passed', verdict()),
    record('wf-reject', 'approve', 'rejected: quarter-end batch', approval('second@example.com', 'reject', 'quarter-end batch'), human('second@example.com')),
    proposal('wf-expire', 'i-expire', 'r5.large', 'r5.medium', 35),
    record('wf-expire', 'check', 'passed', verdict()),
    record('wf-expire', 'expire', 'expired: nothing was changed', { expiresAt: at(7), approvals: [] }),
    proposal('wf-block', 'i-block', 't3.large', 't3.medium', 4),
    record(
      'wf-block',
      'check',
      'blocked: savings $4.00/month is below the $10 minimum',
      verdict([{ check: 'min-savings', reason: 'savings $4.00/month is below the $10 minimum' }]),
    ),
    proposal('wf-abort', 'i-abort', 'm5.large', 'm5.medium', 25),
    record('wf-abort', 'check', 'passed', verdict()),
    record('wf-abort', 'approve', 'approved', approval('approver@example.com', 'approve'), human('approver@example.com')),
    record('wf-abort', 'abort', 'aborted: drift since approval: resource changed 1 day ago', { reasons: ['drift since approval: resource changed 1 day ago'] }),
    ...enrollment('wf-offhours', 'i-devbox', 60),
    // Last week's record: must not count.
    proposal('wf-old', 'i-old', 'm5.large', 'm5.medium', 999),
  ];
  entries.at(-1)!.at = '2025-02-25T10:00:00.000Z';
  for (const e of entries) await store.append(e);
}

export const INCIDENTS: Incident[] = [
  {
    id: incidentId('USD', { team: 'payments', service: 'Amazon Elastic Compute Cloud' }, '2025-03-03'),
    currency: 'USD',
    severity: 'major',
    method: 'level-shift',
    start: '2025-03-03',
    end: '2025-03-05',
    ongoing: false,
    expected: 360,
    actual: 660,
    impact: 300,
    rootCause: { team: 'payments', service: 'Amazon Elastic Compute Cloud' },
    rootCauses: [{ dimension: 'service', key: 'Amazon Elastic Compute Cloud', expected: 120, actual: 220, impact: 100, share: 1 }],
    affected: [{ dimension: 'team', key: 'payments', date: '2025-03-03', method: 'level-shift' }],
  },
  {
    // Over before the report's week: not shown.
    id: incidentId('EUR', { service: 'Storage' }, '2025-02-20'),
    currency: 'EUR',
    severity: 'minor',
    method: 'seasonal-mad',
    start: '2025-02-20',
    end: '2025-02-20',
    ongoing: false,
    expected: 100,
    actual: 160,
    impact: 60,
    rootCause: { service: 'Storage' },
    rootCauses: [],
    affected: [],
  },
];
