import type { Command } from 'commander';
import { registerAgents } from './agents.js';
import { registerApprovals } from './approvals.js';
import { registerAudit } from './audit.js';
import { registerDemo } from './demo.js';
import { registerEval } from './eval.js';
import { registerDetect } from './detect.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSlack } from './slack.js';
import { registerWorker } from './worker.js';
import { registerIngest } from './ingest.js';
import { registerReconcile } from './reconcile.js';
import { registerCosts } from './costs.js';
import { registerExport } from './export.js';
import { registerTags } from './tags.js';
import { registerPolicy } from './policy.js';
import { registerSchedules } from './schedules.js';
import { registerOffHours } from './off-hours.js';

/** One line per command module; each module adds its own subcommands. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerWorker(program);
  registerRun(program);
  registerApprovals(program);
  registerAudit(program);
  registerDetect(program);
  registerIngest(program);
  registerReconcile(program);
  registerCosts(program);
  registerExport(program);
  registerTags(program);
  registerAgents(program);
  registerSlack(program);
  registerReport(program);
  registerEval(program);
  registerPolicy(program);
  registerSchedules(program);
  registerOffHours(program);
}
