import type { AuditStore } from '../audit/index.js';
import type { Finding } from '../core/index.js';
import { latestEnrollments } from './off-hours-ledger.js';

/** An enrollment is proposed again this long before it lapses, so a VM's nights are not interrupted by waiting for approval. */
export const RENEW_BEFORE_MS = 7 * 86_400_000;

/**
 * Drops off-hours findings for VMs already enrolled in the same schedule at the same times for
 * longer than the renewal window: the daily run does not ask people to approve them every day.
 */
export async function withoutCurrentEnrollments(audit: AuditStore, findings: Finding[], now: string): Promise<Finding[]> {
  if (!findings.some((f) => f.kind === 'off-hours')) return findings;
  // A revoked enrollment is a decision too: not proposed again until it would have lapsed.
  const enrolled = await latestEnrollments(audit, { withRevoked: true });
  return findings.filter((finding) => {
    const plan = finding.offHours;
    const current = enrolled.get(finding.resourceId);
    if (finding.kind !== 'off-hours' || !plan || !current) return true;
    const action = current.proposal.action;
    const sameTimes =
      action.schedule === plan.schedule && action.stopCron === plan.stopCron && action.startCron === plan.startCron && action.timezone === plan.timezone;
    return !(sameTimes && Date.parse(current.validUntil) - Date.parse(now) > RENEW_BEFORE_MS);
  });
}
