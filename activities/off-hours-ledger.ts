import { enrollmentOf, scheduledChangeOf, type AuditStore, type EnrollmentRecord, type ScheduledChangeRecord } from '../audit/index.js';

export type { EnrollmentRecord, ScheduledChangeRecord };

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

/** Every scheduled stop and start applied so far (refusals are `abort` records), oldest first. */
export async function scheduledChanges(audit: AuditStore): Promise<(ScheduledChangeRecord & { at: string })[]> {
  return (await audit.records({ step: 'execute' })).flatMap((record) => scheduledChangeOf(record) ?? []);
}
