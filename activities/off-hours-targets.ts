import type { AnalysisDeps } from './deps.js';
import { latestEnrollments } from './off-hours-ledger.js';

/** The read-only half of a schedule firing: which VMs hold a current enrollment in it. */
export function createOffHoursTargetActivities(deps: Pick<AnalysisDeps, 'audit' | 'clock' | 'log'>) {
  return {
    async offHoursTargets(input: { schedule: string; phase: 'stop' | 'start' }): Promise<string[]> {
      const now = Date.parse(deps.clock());
      const enrolled = [...(await latestEnrollments(deps.audit)).values()].filter(
        (e) => e.proposal.action.schedule === input.schedule && Date.parse(e.validUntil) > now,
      );
      deps.log.info({ schedule: input.schedule, phase: input.phase, vms: enrolled.length }, 'off-hours firing');
      return enrolled.map((e) => e.proposal.action.resourceId).sort();
    },
  };
}

export type OffHoursTargetActivities = ReturnType<typeof createOffHoursTargetActivities>;
