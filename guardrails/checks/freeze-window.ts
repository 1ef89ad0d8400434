import { fail, pass, type Check } from '../check.js';
import { activeFreeze } from '../freeze-window.js';

/** Nothing changes during a freeze window (release freezes, holidays, peak season). */
export const freezeWindow: Check = {
  name: 'freeze-window',
  version: 1,
  appliesTo: () => true,
  run: ({ policy, now }) => {
    const freeze = activeFreeze(policy.freezeWindows, now);
    return freeze
      ? fail(`freeze window "${freeze.name}" is in force from ${freeze.from} to ${freeze.to}`, { window: freeze.name, from: freeze.from, to: freeze.to, now })
      : pass(`no freeze window at ${now}`, { windows: policy.freezeWindows.length, now });
  },
};
