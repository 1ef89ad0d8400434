import { fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';

/** A verdict on stale facts is worthless: they must be younger than the policy allows. */
export const factsFresh: Check = {
  name: 'facts-fresh',
  version: 2,
  run: ({ factsAt, now, policy }) => {
    // v2: compared to the millisecond, the same test authorize() applies.
    const ageMs = Date.parse(now) - Date.parse(factsAt);
    const ageMin = round1(ageMs / 60_000);
    const max = policy.execution.maxFactsAgeMinutes;
    const numbers = { ageMinutes: ageMin, maxMinutes: max };
    if (ageMs < 0) return fail(`facts are dated ${factsAt}, after the evaluation at ${now}`, numbers);
    return ageMs <= max * 60_000
      ? pass(`facts are ${ageMin} min old ≤ ${max}`, numbers)
      : fail(`facts are ${ageMin} min old; the policy allows ${max}`, numbers);
  },
  appliesTo: () => true,
};
