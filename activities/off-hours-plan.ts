import type { MutationPlan } from '../clouds/provider.js';
import type { OffHoursAction } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';

/** What the approver of an enrollment sees: the times, how long it stands, and the provider-validated stop. */
export function offHoursPlan(action: OffHoursAction, validatedStop: MutationPlan, policy: Policy): MutationPlan {
  return {
    action,
    steps: [
      `enroll ${action.resourceId} in off-hours schedule "${action.schedule}" for ${policy.offHours.enrollmentValidity}`,
      `each firing of "${action.stopCron}" (${action.timezone}): if running, stop it: ${validatedStop.steps.join('; ')}`,
      `each firing of "${action.startCron}" (${action.timezone}): start it again, only if this schedule stopped it`,
      `every stop and start re-checks the ${policy.offHours.tagKey} tag, the environment, freeze windows and this approval; removing the tag opts out`,
    ],
    validatedBy: validatedStop.validatedBy,
  };
}
