import { describeVariants, hoursOffPerWeek, type OffHoursAction } from '../../core/index.js';
import { fail, pass, type Check, type CheckContext } from '../check.js';
import { isProduction } from '../risk.js';
import { tagsOf } from '../resource-tags.js';

/**
 * An off-hours enrollment is for a non-production VM whose owner opted into exactly this
 * schedule, with the times the policy names today: a changed policy needs a new approval.
 */
export const offHoursSchedule: Check = {
  name: 'off-hours-schedule',
  version: 1,
  appliesTo: (a) => a.type === 'off-hours',
  run: (ctx) => {
    const action = ctx.proposal.action as OffHoursAction;
    const problem = offHoursProblem(ctx, action);
    if (problem) return fail(problem, { schedule: action.schedule });
    const hours = hoursOffPerWeek(action.stopCron, action.startCron, action.timezone, Date.parse(ctx.now));
    return pass(`${ctx.resource.id} opted into "${action.schedule}": off ${hours} h a week`, { schedule: action.schedule, hoursOffPerWeek: hours });
  },
};

/** Why this enrollment may not stand, or undefined. Shared with the nightly authorization. */
export function offHoursProblem(ctx: Pick<CheckContext, 'resource' | 'policy'>, action: OffHoursAction): string | undefined {
  const { resource, policy } = ctx;
  if (resource.kind !== 'vm') return `${resource.id} is a ${resource.kind}; only VMs are stopped off-hours`;
  if (isProduction(resource, policy)) return `${resource.id} is production: off-hours schedules are for non-production VMs only`;
  const schedule = policy.offHours.schedules.find((s) => s.name === action.schedule);
  if (!schedule) return `the policy has no off-hours schedule "${action.schedule}" (offHours.schedules)`;
  if (schedule.stop !== action.stopCron || schedule.start !== action.startCron || schedule.timezone !== action.timezone) {
    return `schedule "${action.schedule}" is now stop "${schedule.stop}", start "${schedule.start}" (${schedule.timezone}); the approved times differ, so it needs a new approval`;
  }
  const tags = tagsOf(resource, policy);
  const tagged = tags.agreed(policy.offHours.tagKey);
  // Variants naming two schedules are no opt-in to either: nothing is enrolled on a guess.
  if (tagged.kind === 'conflict') {
    return `${resource.id} carries conflicting ${policy.offHours.tagKey} tags (${describeVariants(tags.variants(policy.offHours.tagKey))}): the owner must keep one`;
  }
  if (tagged.kind === 'absent') return `${resource.id} no longer carries the tag ${policy.offHours.tagKey}: its owner opted out`;
  if (tagged.value.toLowerCase() !== action.schedule)
    return `${resource.id} is tagged ${policy.offHours.tagKey}=${tagged.value.toLowerCase()}, not ${action.schedule}`;
  return undefined;
}
