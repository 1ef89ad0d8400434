import { readTags } from '../core/index.js';
import type { AnalysisDeps } from './deps.js';
import type { OffHoursFiringResult } from './execute-off-hours.js';
import type { OffHoursAttention } from './notifier.js';
import { latestEnrollments } from './off-hours-ledger.js';
import { recordStep, SYSTEM } from './record.js';

/**
 * The end of a firing: its result goes to the audit log, and the VMs it refused or failed go
 * to their owners' Slack channels. A quiet night posts nothing: only what needs a person does.
 */
export function createOffHoursReportActivities(deps: Pick<AnalysisDeps, 'audit' | 'clock' | 'log' | 'notifier' | 'policy' | 'readerFor'>) {
  return {
    async reportOffHoursFiring(result: OffHoursFiringResult): Promise<{ needsAttention: number; posted: string[]; undelivered: string[] }> {
      const needing = result.results.flatMap((r) =>
        r.status === 'refused' || r.status === 'failed' ? [{ resourceId: r.resourceId, status: r.status, reasons: r.reasons }] : [],
      );
      const posted: string[] = [];
      const undelivered: string[] = [];
      if (needing.length > 0 && deps.notifier) {
        const enrollments = await latestEnrollments(deps.audit);
        // One message per addressee set: the VMs of one team together; every owner the tags name is told.
        const byAddressees = new Map<string, { addressees: { owners: string[]; teams: string[] }; vms: OffHoursAttention['vms'] }>();
        for (const vm of needing) {
          const provider = enrollments.get(vm.resourceId)?.proposal.action.provider;
          const tags = provider
            ? await deps
                .readerFor(provider)
                .getResource(vm.resourceId)
                .then(
                  (r) => r.tags,
                  () => ({}),
                )
            : {};
          const read = readTags(tags, deps.policy.tags);
          const addressees = { owners: read.owners, teams: read.teams };
          const key = JSON.stringify(addressees);
          const group = byAddressees.get(key) ?? { addressees, vms: [] };
          group.vms.push(vm);
          byAddressees.set(key, group);
        }
        for (const group of byAddressees.values()) {
          const attention: OffHoursAttention = { schedule: result.schedule, phase: result.phase, firingId: result.firingId, vms: group.vms };
          try {
            const messages = await deps.notifier.postOffHoursAttention(attention, group.addressees);
            posted.push(...messages.map((m) => m.channel));
          } catch (error) {
            // No channel or Slack down: the audit record below still says what needs attention.
            undelivered.push(`${group.vms.map((v) => v.resourceId).join(', ')}: ${(error as Error).message}`);
          }
        }
      }
      const counts = Object.fromEntries(['applied', 'skipped', 'refused', 'failed'].map((s) => [s, result.results.filter((r) => r.status === s).length]));
      await recordStep(deps.audit, {
        workflowId: result.firingId,
        findingId: `off-hours:${result.schedule}`,
        step: 'notify',
        actor: SYSTEM,
        input: result,
        summary: `off-hours "${result.schedule}" ${result.phase}: ${JSON.stringify(counts)}`,
        output: { kind: 'off-hours-report', counts, needsAttention: needing, posted, undelivered },
        outcome: needing.length === 0 ? 'nothing needs attention' : `${needing.length} VM(s) need attention; posted to ${posted.join(', ') || 'no channel'}`,
        at: deps.clock(),
        key: `${result.firingId}:report`,
      });
      if (undelivered.length > 0) deps.log.warn({ firingId: result.firingId, undelivered }, 'off-hours attention not delivered');
      return { needsAttention: needing.length, posted, undelivered };
    },
  };
}

export type OffHoursReportActivities = ReturnType<typeof createOffHoursReportActivities>;
