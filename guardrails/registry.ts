import type { Check } from './check.js';
import { actionAllowed } from './checks/action-allowed.js';
import { architectureUnchanged } from './checks/architecture-unchanged.js';
import { cooldown } from './checks/cooldown.js';
import { cpuHeadroom } from './checks/cpu-headroom.js';
import { dataSufficiency } from './checks/data-sufficiency.js';
import { exclusionTag } from './checks/exclusion-tag.js';
import { factsFresh } from './checks/facts-fresh.js';
import { minimumSavings } from './checks/minimum-savings.js';
import { targetInCatalog } from './checks/target-in-catalog.js';

/** Every check, in the order a reader would ask the questions. */
export const CHECKS: readonly Check[] = [
  exclusionTag,
  actionAllowed,
  factsFresh,
  dataSufficiency,
  targetInCatalog,
  architectureUnchanged,
  cpuHeadroom,
  minimumSavings,
  cooldown,
];

export function ruleVersions(checks: readonly Check[] = CHECKS): Record<string, number> {
  return Object.fromEntries(checks.map((c) => [c.name, c.version]));
}
