import type { AuditStore } from '../audit/index.js';
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

/**
 * Enrollments read back from the audit log: the log is where approvals are kept for good, so
 * it is the one truth a nightly run trusts. The newest enrollment of a VM replaces older ones.
 */
export async function latestEnrollments(audit: AuditStore): Promise<Map<string, EnrollmentRecord>> {
  const latest = new Map<string, EnrollmentRecord>();
  for (const record of await audit.records({ step: 'execute' })) {
    const enrollment = enrollmentOf(record);
    if (enrollment) latest.set(enrollment.proposal.action.resourceId, enrollment);
  }
  return latest;
}

export function enrollmentOf(record: DecisionRecord): EnrollmentRecord | undefined {
  const output = record.output as { enrollment?: EnrollmentRecord } | null;
  return output?.enrollment?.proposal?.action?.type === 'off-hours' ? output.enrollment : undefined;
}

/** Every scheduled stop and start applied so far (refusals are `abort` records), oldest first. */
export async function scheduledChanges(audit: AuditStore): Promise<(ScheduledChangeRecord & { at: string })[]> {
  const changes: (ScheduledChangeRecord & { at: string })[] = [];
  for (const record of await audit.records({ step: 'execute' })) {
    const change = (record.output as { offHours?: ScheduledChangeRecord } | null)?.offHours;
    if (change) changes.push({ ...change, at: record.at });
  }
  return changes;
}
