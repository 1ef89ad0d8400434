import { hoursBetween } from '../../core/index.js';
import { fail, pass, type Check } from '../check.js';

/** At least N days since the resource last changed (AWS remediation default: 7). */
export const cooldown: Check = {
  name: 'cooldown',
  version: 1,
  appliesTo: () => true,
  run: ({ resource, policy, now }) => {
    const minDays = policy.rightsizing.minDaysSinceLastChange;
    if (!resource.lastChangedAt) return pass('no recorded change', { minDays });
    const days = Math.round((hoursBetween(resource.lastChangedAt, now) / 24) * 10) / 10;
    return days >= minDays
      ? pass(`last changed ${days} days ago ≥ ${minDays}`, { daysSinceChange: days, minDays })
      : fail(`last changed ${days} days ago < ${minDays}: let it settle`, { daysSinceChange: days, minDays });
  },
};
