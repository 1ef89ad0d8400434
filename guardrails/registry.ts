import type { Check } from './check.js';
import { actionAllowed } from './checks/action-allowed.js';
import { architectureUnchanged } from './checks/architecture-unchanged.js';
import { blastRadius } from './checks/blast-radius.js';
import { cooldown } from './checks/cooldown.js';
import { cpuHeadroom } from './checks/cpu-headroom.js';
import { dataSufficiency } from './checks/data-sufficiency.js';
import { exclusionTag } from './checks/exclusion-tag.js';
import { factsFresh } from './checks/facts-fresh.js';
import { featuresPreserved } from './checks/features-preserved.js';
import { freezeWindow } from './checks/freeze-window.js';
import { idleRule } from './checks/idle-rule.js';
import { memoryHeadroom } from './checks/memory-headroom.js';
import { minimumSavings } from './checks/minimum-savings.js';
import { offHoursSchedule } from './checks/off-hours-schedule.js';
import { protectedEnv } from './checks/protected-env.js';
import { tagConflicts } from './checks/tag-conflicts.js';
import { spendBudget } from './checks/spend-budget.js';
import { targetInCatalog } from './checks/target-in-catalog.js';
import { userFacingCpu } from './checks/user-facing-cpu.js';

/** Every check, in the order a reader would ask the questions. */
export const CHECKS: readonly Check[] = [
  exclusionTag,
  actionAllowed,
  protectedEnv,
  tagConflicts,
  offHoursSchedule,
  freezeWindow,
  factsFresh,
  dataSufficiency,
  idleRule,
  targetInCatalog,
  architectureUnchanged,
  featuresPreserved,
  cpuHeadroom,
  userFacingCpu,
  memoryHeadroom,
  minimumSavings,
  cooldown,
  blastRadius,
  spendBudget,
];

export function ruleVersions(checks: readonly Check[] = CHECKS): Record<string, number> {
  return Object.fromEntries(checks.map((c) => [c.name, c.version]));
}
