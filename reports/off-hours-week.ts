import { enrollmentOf, refusedScheduledChangeOf, revocationOf, scheduledChangeOf, type EnrollmentRecord } from '../audit/index.js';
import { hoursOffPerWeek, type DecisionRecord } from '../core/index.js';
import type { OffHoursWeek, ReportWindow } from './report-data.js';

const HOUR_MS = 3_600_000;

/**
 * What off-hours schedules did in the report week, measured from the firings in the audit log:
 * hours each enrolled VM was actually off (a stop until the next start, clipped to the week)
 * against the hours its schedule plans, priced at the rate its enrollment was estimated at.
 */
export function offHoursWeek(records: readonly DecisionRecord[], window: ReportWindow): OffHoursWeek | undefined {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const enrollments = new Map<string, EnrollmentRecord>();
  for (const r of records) {
    const enrollment = Date.parse(r.at) < to ? enrollmentOf(r) : undefined;
    if (enrollment && Date.parse(enrollment.validUntil) > from) enrollments.set(enrollment.proposal.action.resourceId, enrollment);
  }
  // Revoked before the week began: not enrolled in it.
  for (const r of records) {
    const revocation = revocationOf(r);
    if (!revocation || Date.parse(revocation.at) >= from) continue;
    for (const [resourceId, e] of enrollments) if (e.workflowId === revocation.enrollmentWorkflowId) enrollments.delete(resourceId);
  }
  if (enrollments.size === 0) return undefined;
  const changes = records.flatMap((r) => scheduledChangeOf(r) ?? []).filter((c) => Date.parse(c.at) < to);
  let hoursOff = 0;
  let plannedHours = 0;
  let savedUsd = 0;
  for (const [resourceId, enrollment] of enrollments) {
    const action = enrollment.proposal.action;
    const planned = hoursOffPerWeek(action.stopCron, action.startCron, action.timezone, from);
    const off = hoursOffWithin(
      changes.filter((c) => c.resourceId === resourceId),
      from,
      to,
    );
    // The enrollment's monthly estimate covers `planned` hours a week: the same rate prices each hour really off.
    const usdPerHourOff = planned > 0 ? enrollment.proposal.estimatedMonthlySavingsUsd / ((planned * 52) / 12) : 0;
    hoursOff += off;
    plannedHours += planned;
    savedUsd += off * usdPerHourOff;
  }
  const refusedOrFailed = records.filter((r) => refusedScheduledChangeOf(r) !== undefined && Date.parse(r.at) >= from && Date.parse(r.at) < to).length;
  return {
    enrolledVms: enrollments.size,
    hoursOff: round(hoursOff),
    plannedHours: round(plannedHours),
    savedUsd: round(savedUsd),
    refusedChanges: refusedOrFailed,
  };
}

/** Hours between each stop and the next start (or the week's end), within [from, to). */
function hoursOffWithin(changes: readonly { phase: 'stop' | 'start'; at: string }[], from: number, to: number): number {
  let offSince: number | undefined;
  let total = 0;
  for (const change of [...changes].sort((a, b) => a.at.localeCompare(b.at))) {
    const at = Date.parse(change.at);
    if (change.phase === 'stop' && offSince === undefined) offSince = at;
    if (change.phase === 'start' && offSince !== undefined) {
      total += overlap(offSince, at, from, to);
      offSince = undefined;
    }
  }
  if (offSince !== undefined) total += overlap(offSince, to, from, to);
  return total / HOUR_MS;
}

function overlap(a: number, b: number, from: number, to: number): number {
  return Math.max(0, Math.min(b, to) - Math.max(a, from));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
