import { fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';

/** Azure Advisor's shutdown rule: stop only if CPU P95 < 3 % and network < 2 % for 7 days. */
export const idleRule: Check = {
  name: 'idle-rule',
  version: 1,
  appliesTo: (a) => a.type === 'stop',
  run: ({ utilization, policy }) => {
    const { maxCpuP95Pct, maxNetworkP95Pct, minDays } = policy.idle;
    const limits = { maxCpuP95Pct, maxNetworkP95Pct, minDays };
    if (!utilization) return fail('not idle: no utilization to judge by', limits);
    // Compared unrounded: 167 h is not 7 days, however it prints.
    const exactDays = utilization.hoursObserved / 24;
    const days = round1(exactDays);
    const cpu = utilization.cpu.p95;
    const network = utilization.networkP95Pct ?? null;
    const numbers = { ...limits, days, cpuP95Pct: cpu, networkP95Pct: network };
    if (exactDays < minDays) return fail(`not idle yet: ${days} days observed < ${minDays}`, numbers);
    if (network === null) return fail('not idle: network utilization unknown', numbers);
    if (cpu >= maxCpuP95Pct) return fail(`not idle: CPU P95 ${cpu}% ≥ ${maxCpuP95Pct}%`, numbers);
    if (network >= maxNetworkP95Pct) return fail(`not idle: network P95 ${network}% ≥ ${maxNetworkP95Pct}%`, numbers);
    return pass(`idle for ${days} days: CPU P95 ${cpu}% < ${maxCpuP95Pct}%, network P95 ${network}% < ${maxNetworkP95Pct}%`, numbers);
  },
};
