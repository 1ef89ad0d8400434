import type { DecisionRecord, EnrollmentRecord, ScheduledChangeRecord } from '../../core/index.js';
import type { AuditStore } from '../store.js';

export type { EnrollmentRecord, ScheduledChangeRecord };

/** The enrollment an `execute` record holds, if it is one. */
export function enrollmentOf(record: DecisionRecord): EnrollmentRecord | undefined {
  return record.step === 'execute' && record.output.kind === 'enrollment' ? record.output.enrollment : undefined;
}

/** The scheduled stop or start an `execute` record holds, with when it was recorded. */
export function scheduledChangeOf(record: DecisionRecord): (ScheduledChangeRecord & { at: string }) | undefined {
  return record.step === 'execute' && record.output.kind === 'scheduled-change' ? { ...record.output.offHours, at: record.at } : undefined;
}

/** The enrollment workflow a `revoke` record withdraws, with who withdrew it and why. */
export function revocationOf(record: DecisionRecord): { enrollmentWorkflowId: string; by: string; reason: string; at: string } | undefined {
  if (record.step !== 'revoke') return undefined;
  return { enrollmentWorkflowId: record.output.enrollmentWorkflowId, by: record.actor.id, reason: record.output.reason, at: record.at };
}

/** A scheduled off-hours change the guardrails refused (an `abort` naming its change). */
export function refusedScheduledChangeOf(record: DecisionRecord): ScheduledChangeRecord | undefined {
  return record.step === 'abort' ? record.output.change : undefined;
}

/**
 * Enrollments read back from the audit log: the log is where approvals are kept for good, so
 * it is the one truth a nightly run trusts. The newest enrollment of a VM replaces older ones;
 * a revoked one no longer counts (`withRevoked` keeps them, for listing).
 */
export async function latestEnrollments(audit: AuditStore, options: { withRevoked?: boolean } = {}): Promise<Map<string, EnrollmentRecord>> {
  const revoked = await revokedEnrollments(audit);
  const latest = new Map<string, EnrollmentRecord>();
  for (const record of await audit.records({ step: 'execute' })) {
    const enrollment = enrollmentOf(record);
    if (enrollment) latest.set(enrollment.proposal.action.resourceId, enrollment);
  }
  if (!options.withRevoked) for (const [resourceId, enrollment] of latest) if (revoked.has(enrollment.workflowId)) latest.delete(resourceId);
  return latest;
}

/** enrollment workflow id → who revoked it, when and why. */
export async function revokedEnrollments(audit: AuditStore): Promise<Map<string, { by: string; reason: string; at: string }>> {
  const revoked = new Map<string, { by: string; reason: string; at: string }>();
  for (const record of await audit.records({ step: 'revoke' })) {
    const revocation = revocationOf(record);
    if (revocation) revoked.set(revocation.enrollmentWorkflowId, revocation);
  }
  return revoked;
}

/** Every scheduled stop and start applied so far (refusals are `abort` records), oldest first. */
export async function scheduledChanges(audit: AuditStore): Promise<(ScheduledChangeRecord & { at: string })[]> {
  return (await audit.records({ step: 'execute' })).flatMap((record) => scheduledChangeOf(record) ?? []);
}
