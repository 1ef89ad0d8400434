import type { AuditStore } from '../../audit/index.js';
import type { Action, DecisionEntry, Proposal, Step, StepOutput } from '../../core/index.js';
import { queryRows, type Warehouse } from '../../warehouse/connection.js';

const DAY_MS = 86_400_000;

/** Dates relative to an injected clock: day(0) is the change day; never today's date. */
export function clockDays(now: Date): { day: (offset: number) => string; at: (offset: number, hour?: number) => string } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    day: (offset) => new Date(midnight + offset * DAY_MS).toISOString().slice(0, 10),
    at: (offset, hour = 10) => new Date(midnight + offset * DAY_MS + hour * 3_600_000).toISOString(),
  };
}

export interface FocusDay {
  resourceId: string;
  date: string;
  cost: number;
  /** ConsumedQuantity; with PricingUnit 'Hours' unless `pricingUnit` says otherwise */
  hours: number;
  currency?: string;
  pricingUnit?: string;
}

/** Synthetic FOCUS rows, one a day per resource, written straight into focus_rows. */
export async function insertFocusDays(db: Warehouse, days: readonly FocusDay[]): Promise<void> {
  if (days.length === 0) return;
  const values = days.map(
    (d, i) =>
      `(TIMESTAMP '${d.date} 00:00:00', TIMESTAMP '${d.date} 00:00:00' + INTERVAL 1 DAY, ${d.cost}, ${d.cost}, ${d.cost}, ${d.hours}, '${d.pricingUnit ?? 'Hours'}', 'Usage', '${d.currency ?? 'USD'}', '${d.resourceId}', 'Amazon Elastic Compute Cloud', 'aws', 'synthetic.csv', ${i}, 0, 'ingest-synthetic', 'focus')`,
  );
  await queryRows(
    db,
    `INSERT INTO focus_rows (ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, ListCost, ConsumedQuantity, PricingUnit, ChargeCategory, BillingCurrency, ResourceId, ServiceName, ProviderName,
                             x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     VALUES ${values.join(',\n')}`,
  );
}

/** `days` consecutive days from `from` (an offset from the change day) at a steady cost and running time. */
export function steady(resourceId: string, day: (o: number) => string, from: number, count: number, cost: number, hours = 24, currency = 'USD'): FocusDay[] {
  return Array.from({ length: count }, (_, i) => ({ resourceId, date: day(from + i), cost, hours, currency }));
}

function record<S extends Step>(workflowId: string, at: string, step: S, output: StepOutput<S>): DecisionEntry {
  return {
    at,
    workflowId,
    findingId: `finding-${workflowId}`,
    actor: { kind: 'system', id: 'tollgate' },
    input: { digest: '0'.repeat(64), summary: step },
    outcome: step,
    step,
    output,
  } as DecisionEntry; // step and output are one StepOutput<S> pair
}

const resize = (resourceId: string): Action => ({
  type: 'resize',
  provider: 'aws',
  resourceId,
  region: 'eu-west-1',
  fromSku: 'm5.2xlarge',
  toSku: 'm5.xlarge',
});

function verdict(at: string, failed: string[] = []): StepOutput<'check'> {
  return {
    passed: failed.length === 0,
    actionHash: 'a'.repeat(64),
    factsAt: at,
    evaluatedAt: at,
    risk: 'low',
    ruleVersions: { 'min-savings': 1 },
    results: failed.map((reason) => ({ check: 'min-savings', reason, version: 1, passed: false, numbers: {} })),
  };
}

function proposed(workflowId: string, resourceId: string, at: string, savings: number): DecisionEntry {
  const proposal: Proposal = {
    findingId: `finding-${workflowId}`,
    action: resize(resourceId),
    rationale: 'low CPU',
    risk: 'low',
    estimatedMonthlySavingsUsd: savings,
    proposer: { kind: 'agent', id: 'rightsizer' },
    source: 'llm',
  };
  return record(workflowId, at, 'propose', { kind: 'proposal', proposal });
}

const approval = (at: string, decision: 'approve' | 'reject'): StepOutput<'approve'> => ({
  proposalHash: 'f'.repeat(64),
  decision,
  approver: 'approver@example.com',
  reason: decision === 'reject' ? 'quarter-end batch' : '',
  at,
  role: 'finops',
});

/** A resize proposed, approved, applied at `at` and verified healthy. */
export function executed(workflowId: string, resourceId: string, at: string, savings: number): DecisionEntry[] {
  const action = resize(resourceId);
  return [
    proposed(workflowId, resourceId, at, savings),
    record(workflowId, at, 'check', verdict(at)),
    record(workflowId, at, 'approve', approval(at, 'approve')),
    record(workflowId, at, 'execute', {
      kind: 'applied',
      runId: `run-${workflowId}`,
      monthlyUsd: savings,
      result: { action, idempotencyKey: `key-${workflowId}`, appliedNow: true, priorSku: 'm5.2xlarge', currentSku: 'm5.xlarge', at },
    }),
    record(workflowId, at, 'verify', { regressed: false, reason: 'CPU within the ceiling', realizedMonthlySavingsUsd: savings }),
  ];
}

export function rejected(workflowId: string, resourceId: string, at: string, savings: number): DecisionEntry[] {
  return [
    proposed(workflowId, resourceId, at, savings),
    record(workflowId, at, 'check', verdict(at)),
    record(workflowId, at, 'approve', approval(at, 'reject')),
  ];
}

export function blocked(workflowId: string, resourceId: string, at: string, savings: number): DecisionEntry[] {
  return [proposed(workflowId, resourceId, at, savings), record(workflowId, at, 'check', verdict(at, ['savings below the minimum']))];
}

export async function appendAll(store: AuditStore, entries: readonly DecisionEntry[]): Promise<void> {
  for (const e of entries) await store.append(e);
}

/**
 * The scenario around changes applied on day 0 (and day 10): the bill: 30 days before day 0 to day 30 inclusive, so it is complete until day 31. */
export function savingsBill(now: Date): FocusDay[] {
  const { day } = clockDays(now);
  const halfStopped = Array.from({ length: 30 }, (_, i) => i + 1).map((d) =>
    // After its resize the VM ran only on even days: half the running hours at half the hourly rate.
    d % 2 === 0 ? { resourceId: 'i-resize', date: day(d), cost: 24, hours: 24 } : { resourceId: 'i-resize', date: day(d), cost: 0, hours: 0 },
  );
  return [
    ...steady('i-resize', day, -30, 30, 48),
    { resourceId: 'i-resize', date: day(0), cost: 999, hours: 24 }, // the change day is never read
    ...halfStopped,
    ...steady('i-later', day, -20, 30, 30),
    ...steady('i-later', day, 11, 20, 15),
    ...steady('vm-eur', day, -30, 30, 100, 24, 'EUR'),
    ...steady('vm-eur', day, 1, 30, 60, 24, 'EUR'),
    ...steady('i-twice', day, -30, 30, 40),
    ...steady('i-twice', day, 1, 30, 20),
    ...steady('i-rejected', day, -30, 61, 70),
    ...steady('i-blocked', day, -30, 61, 5),
  ];
}

export function savingsLog(now: Date): DecisionEntry[] {
  const { at } = clockDays(now);
  return [
    ...executed('wf-resize', 'I-Resize', at(0), 500), // the log spells the id differently from the bill
    ...executed('wf-later', 'i-later', at(10), 400),
    ...executed('wf-eur', 'vm-eur', at(0), 1000),
    ...executed('wf-twice-1', 'i-twice', at(-20), 50),
    ...executed('wf-twice-2', 'i-twice', at(0), 80),
    ...rejected('wf-rejected', 'i-rejected', at(0), 700),
    ...blocked('wf-blocked', 'i-blocked', at(0), 4),
  ];
}
