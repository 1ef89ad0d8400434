import { hoursBetween } from '../../core/index.js';
import { fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';

/**
 * At least N days since the resource last changed (AWS remediation default: 7). v3: not for an
 * off-hours enrollment, which changes nothing itself and whose own nightly stops change the VM.
 */
export const cooldown: Check = {
  name: 'cooldown',
  version: 3,
  appliesTo: (a) => a.type !== 'off-hours',
  run: ({ resource, policy, now }) => {
    const minDays = policy.rightsizing.minDaysSinceLastChange;
    if (!resource.lastChangedAt) return pass('no recorded change', { minDays });
    // v2: compared unrounded, so 6.96 days is not "7.0 ≥ 7".
    const exactDays = hoursBetween(resource.lastChangedAt, now) / 24;
    const days = round1(exactDays);
    return exactDays >= minDays
      ? pass(`last changed ${days} days ago ≥ ${minDays}`, { daysSinceChange: days, minDays })
      : fail(`last changed ${days} days ago < ${minDays}: let it settle`, { daysSinceChange: days, minDays });
  },
};
