import type { AuditStore } from '../../audit/index.js';
import type { CostAnomaly, DecisionEntry } from '../../core/index.js';
import { queryRows, type Warehouse } from '../../warehouse/connection.js';

/** Week ending 2025-03-10: the report covers 2025-03-03 … 2025-03-09, compared with the week before. */
export const WEEK_ENDING = '2025-03-10';

/**
 * A small FOCUS fixture written straight into the warehouse's focus_rows table: two teams,
 * three services, two envs, 21 days; team payments doubles its EC2 spend in the report week.
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
        `(TIMESTAMP '${date} 00:00:00', TIMESTAMP '${date} 00:00:00' + INTERVAL 1 DAY, ${cost}, ${cost}, '${service}', 'aws', '${tags}', 'fixture.csv', ${n++}, 0, 'ingest-fixture', 'focus')`,
      );
    }
  }
  await queryRows(
    db,
    `INSERT INTO focus_rows (ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, ServiceName, ProviderName, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     VALUES ${rows.join(',\n')}`,
  );
}

const at = (day: number, hour = 10) => new Date(Date.UTC(2025, 2, day, hour)).toISOString();

function record(workflowId: string, step: DecisionEntry['step'], outcome: string, extra: Partial<DecisionEntry> = {}): DecisionEntry {
  return {
    at: at(4),
    workflowId,
    findingId: `finding-${workflowId}`,
    step,
    actor: { kind: 'system', id: 'tollgate' },
    input: { digest: '0'.repeat(64), summary: step },
    output: {},
    outcome,
    ...extra,
  };
}

function proposal(workflowId: string, resourceId: string, from: string, to: string, savings: number): DecisionEntry {
  return record(workflowId, 'propose', `proposed resize to ${to}`, {
    actor: { kind: 'agent', id: 'rightsizer' },
    model: 'gpt-4o-mini',
    tokens: { input: 1200, output: 300, cached: 0 },
    costUsd: 0.6,
    // As activities/analysis.ts records it: the proposal and the SKU advice beside it.
    output: {
      proposal: {
        findingId: `finding-${workflowId}`,
        action: { type: 'resize', provider: 'aws', resourceId, region: 'eu-west-1', fromSku: from, toSku: to },
        rationale: 'low CPU',
        risk: 'low',
        estimatedMonthlySavingsUsd: savings,
        proposer: { kind: 'agent', id: 'rightsizer' },
        source: 'llm',
      },
    },
  });
}

/** An off-hours enrollment, approved and recorded (nothing in the cloud changed by it). */
function enrollment(workflowId: string, resourceId: string, savings: number): DecisionEntry[] {
  const proposal = {
    findingId: `finding-${workflowId}`,
    action: {
      type: 'off-hours',
      provider: 'aws',
      resourceId,
      region: 'eu-west-1',
      schedule: 'dev-nights',
      stopCron: '0 20 * * 1-5',
      startCron: '0 7 * * 1-5',
      timezone: 'Europe/Berlin',
    },
    rationale: 'owner opted in',
    risk: 'low',
    estimatedMonthlySavingsUsd: savings,
    proposer: { kind: 'system', id: 'remediation-rules' },
    source: 'rule',
  };
  const enrollment = {
    workflowId,
    findingId: `finding-${workflowId}`,
    proposal,
    proposalHash: 'e'.repeat(64),
    proposer: proposal.proposer,
    approvals: [{ proposalHash: 'e'.repeat(64), decision: 'approve', approver: 'approver@example.com', reason: '', role: 'finops', at: at(4) }],
    enrolledAt: at(4),
    validUntil: '2025-04-03T10:00:00.000Z',
  };
  // Two nights stopped and started by the schedule (20:00-07:00 CET is 19:00-06:00 UTC), then a refused stop.
  const change = (phase: 'stop' | 'start', day: number, hour: number) =>
    record(`tollgate-off-hours-dev-nights-${phase}-${day}`, 'execute', phase === 'stop' ? 'stopped: stopped' : 'started: running', {
      at: at(day, hour),
      findingId: `finding-${workflowId}`,
      actor: { kind: 'system', id: 'schedule:dev-nights' },
      output: { offHours: { enrollmentWorkflowId: workflowId, schedule: 'dev-nights', phase, firingId: `firing-${phase}-${day}`, resourceId } },
    });
  return [
    record(workflowId, 'propose', 'proposed off-hours (rule)', { output: { proposal } }),
    record(workflowId, 'check', 'passed'),
    record(workflowId, 'approve', 'approved', { actor: { kind: 'human', id: 'approver@example.com' } }),
    record(workflowId, 'execute', 'enrolled until 2025-04-03T10:00:00.000Z', { output: { enrollment } }),
    change('stop', 4, 19),
    change('start', 5, 6),
    change('stop', 5, 19),
    change('start', 6, 6),
    record('tollgate-off-hours-dev-nights-stop-6', 'abort', 'refused: freeze window "release" until 2025-03-07T19:00:00.000Z', {
      at: at(6, 19),
      actor: { kind: 'system', id: 'schedule:dev-nights' },
    }),
  ];
}

/** One workflow per outcome the report distinguishes, plus model calls and one record outside the week. */
export async function seedAudit(store: AuditStore): Promise<void> {
  const entries: DecisionEntry[] = [
    record('wf-exec', 'enrich', 'enriched', { actor: { kind: 'agent', id: 'enricher' }, tokens: { input: 800, output: 200, cached: 0 }, costUsd: 1.5 }),
    proposal('wf-exec', 'i-exec', 'm5.2xlarge', 'm5.xlarge', 140),
    record('wf-exec', 'check', 'passed'),
    record('wf-exec', 'approve', 'approved', { actor: { kind: 'human', id: 'approver@example.com' } }),
    record('wf-exec', 'execute', 'applied'),
    record('wf-exec', 'verify', 'healthy: CPU P99 31.0% after the change is within the 80% ceiling', { output: { realizedMonthlySavingsUsd: 132.5 } }),
    proposal('wf-reject', 'i-reject', 'c5.4xlarge', 'c5.2xlarge', 210),
    record('wf-reject', 'check', 'passed'),
    record('wf-reject', 'approve', 'rejected: quarter-end batch', { actor: { kind: 'human', id: 'second@example.com' } }),
    proposal('wf-expire', 'i-expire', 'r5.large', 'r5.medium', 35),
    record('wf-expire', 'check', 'passed'),
    record('wf-expire', 'expire', 'expired: nothing was changed'),
    proposal('wf-block', 'i-block', 't3.large', 't3.medium', 4),
    record('wf-block', 'check', 'blocked: savings $4.00/month is below the $10 minimum', {
      output: {
        passed: false,
        results: [{ check: 'min-savings', version: 1, passed: false, reason: 'savings $4.00/month is below the $10 minimum', numbers: {} }],
      },
    }),
    proposal('wf-abort', 'i-abort', 'm5.large', 'm5.medium', 25),
    record('wf-abort', 'check', 'passed'),
    record('wf-abort', 'approve', 'approved', { actor: { kind: 'human', id: 'approver@example.com' } }),
    record('wf-abort', 'abort', 'aborted: drift since approval: resource changed 1 day ago'),
    ...enrollment('wf-offhours', 'i-devbox', 60),
    // Last week's record: must not count.
    proposal('wf-old', 'i-old', 'm5.large', 'm5.medium', 999),
  ];
  entries.at(-1)!.at = '2025-02-25T10:00:00.000Z';
  for (const e of entries) await store.append(e);
}

export const ANOMALIES: CostAnomaly[] = [
  {
    date: '2025-03-03',
    dimension: 'team',
    key: 'payments',
    severity: 'major',
    expected: 120,
    actual: 220,
    lower: 100,
    upper: 140,
    method: 'level-shift',
    contributors: [{ dimension: 'service', key: 'Amazon Elastic Compute Cloud', deltaUsd: 100 }],
  },
];
