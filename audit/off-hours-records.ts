import type { Actor, Approval, DecisionRecord, OffHoursAction, Proposal } from '../core/index.js';

/** What an approved off-hours enrollment records (the `execute` step of its FindingWorkflow). */
export interface EnrollmentRecord {
  workflowId: string;
  findingId: string;
  proposal: Pick<Proposal, 'findingId' | 'action' | 'estimatedMonthlySavingsUsd'> & { action: OffHoursAction };
  proposalHash: string;
  proposer: Actor;
  approvals: Approval[];
  enrolledAt: string;
  validUntil: string;
}

/** What each nightly stop or morning start records (the `execute` step of an OffHoursWorkflow). */
export interface ScheduledChangeRecord {
  enrollmentWorkflowId: string;
  schedule: string;
  phase: 'stop' | 'start';
  firingId: string;
  resourceId: string;
  /** The cloud change's idempotency key: one per enrollment, phase and scheduled minute. */
  idempotencyKey?: string;
  /** The VM's last-change time as read right after this change: a later one means someone else acted. */
  lastChangedAtAfter?: string;
}

/** The enrollment an `execute` record holds, if it is one. */
export function enrollmentOf(record: DecisionRecord): EnrollmentRecord | undefined {
  const output = record.output as { enrollment?: EnrollmentRecord } | null;
  return record.step === 'execute' && output?.enrollment?.proposal?.action?.type === 'off-hours' ? output.enrollment : undefined;
}

/** The scheduled stop or start an `execute` record holds, with when it was recorded. */
export function scheduledChangeOf(record: DecisionRecord): (ScheduledChangeRecord & { at: string }) | undefined {
  const change = record.step === 'execute' ? (record.output as { offHours?: ScheduledChangeRecord } | null)?.offHours : undefined;
  return change ? { ...change, at: record.at } : undefined;
}

/** The enrollment workflow a `revoke` record withdraws, with who withdrew it and why. */
export function revocationOf(record: DecisionRecord): { enrollmentWorkflowId: string; by: string; reason: string; at: string } | undefined {
  if (record.step !== 'revoke') return undefined;
  const output = record.output as { enrollmentWorkflowId?: string; reason?: string } | null;
  return output?.enrollmentWorkflowId
    ? { enrollmentWorkflowId: output.enrollmentWorkflowId, by: record.actor.id, reason: output.reason ?? '', at: record.at }
    : undefined;
}
