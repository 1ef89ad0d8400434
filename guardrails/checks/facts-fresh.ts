import { fail, pass, type Check } from '../check.js';

/** A verdict on stale facts is worthless: they must be younger than the policy allows. */
export const factsFresh: Check = {
  name: 'facts-fresh',
  version: 1,
  appliesTo: () => true,
  run: ({ factsAt, now, policy }) => {
    const ageMin = Math.round((Date.parse(now) - Date.parse(factsAt)) / 60_000);
    const max = policy.execution.maxFactsAgeMinutes;
    return ageMin <= max && ageMin >= 0
      ? pass(`facts are ${ageMin} min old ≤ ${max}`, { ageMinutes: ageMin, maxMinutes: max })
      : fail(`facts are ${ageMin} min old; the policy allows ${max}`, { ageMinutes: ageMin, maxMinutes: max });
  },
};
