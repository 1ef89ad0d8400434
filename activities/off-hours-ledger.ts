import { enrollmentOf, revocationOf, scheduledChangeOf, type AuditStore, type EnrollmentRecord, type ScheduledChangeRecord } from '../audit/index.js';

export type { EnrollmentRecord, ScheduledChangeRecord };

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
