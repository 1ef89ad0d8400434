/** Enrollments, revocations and scheduled changes are read models over the decision log (audit/read-models). */
export { latestEnrollments, revokedEnrollments, scheduledChanges, type EnrollmentRecord, type ScheduledChangeRecord } from '../audit/index.js';
