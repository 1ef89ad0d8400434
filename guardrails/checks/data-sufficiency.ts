import { fail, pass, type Check } from '../check.js';

/** AWS Compute Optimizer needs 30 hours of metrics before it recommends anything. */
export const dataSufficiency: Check = {
  name: 'data-sufficiency',
  version: 2,
  // v2: stops need the same evidence as resizes.
  appliesTo: (a) => a.type === 'resize' || a.type === 'stop',
  run: ({ utilization, policy }) => {
    const needed = policy.rightsizing.minHoursOfMetrics;
    const hours = utilization?.hoursObserved ?? 0;
    return hours >= needed
      ? pass(`${hours} h of metrics ≥ ${needed} h required`, { hoursObserved: hours, required: needed })
      : fail(`insufficient data: ${hours} h of metrics, ${needed} h required`, { hoursObserved: hours, required: needed });
  },
};
