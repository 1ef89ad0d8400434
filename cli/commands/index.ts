import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command module, by file name, and how to load its register function. A module is
 * imported only when one of its commands runs: `tollgate --help` reads their names and
 * options from the manifest the build writes (cli/command-manifest.ts), not from the code.
 */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<Register>>> = {
  demo: async () => (await import('./demo.js')).registerDemo,
  worker: async () => (await import('./worker.js')).registerWorker,
  run: async () => (await import('./run.js')).registerRun,
  approvals: async () => (await import('./approvals.js')).registerApprovals,
  audit: async () => (await import('./audit.js')).registerAudit,
  detect: async () => (await import('./detect.js')).registerDetect,
  ingest: async () => (await import('./ingest.js')).registerIngest,
  reconcile: async () => (await import('./reconcile.js')).registerReconcile,
  costs: async () => (await import('./costs.js')).registerCosts,
  export: async () => (await import('./export.js')).registerExport,
  tags: async () => (await import('./tags.js')).registerTags,
  agents: async () => (await import('./agents.js')).registerAgents,
  slack: async () => (await import('./slack.js')).registerSlack,
  report: async () => (await import('./report.js')).registerReport,
  eval: async () => (await import('./eval.js')).registerEval,
  policy: async () => (await import('./policy.js')).registerPolicy,
  schedules: async () => (await import('./schedules.js')).registerSchedules,
  'off-hours': async () => (await import('./off-hours.js')).registerOffHours,
  savings: async () => (await import('./savings.js')).registerSavings,
  anomalies: async () => (await import('./anomalies.js')).registerAnomalies,
  billing: async () => (await import('./billing.js')).registerBilling,
  serve: async () => (await import('./serve.js')).registerServe,
};

/** Loads every command module and registers all of them (the source tree and the manifest writer). */
export async function registerCommands(program: Command): Promise<void> {
  for (const load of Object.values(COMMAND_MODULES)) (await load())(program);
}
