import { describeSkipped, openClouds, type OpenedClouds } from './clouds/open-clouds.js';
import type { WorkerRole } from './clouds/planned-scope.js';
import type { RuntimeConfig } from './config.js';
import { deploymentConfigPath, loadDeploymentConfig } from './load-deployment-config.js';
import { log } from './logger.js';

/**
 * tollgate.yaml (--config, else $TOLLGATE_CONFIG, else the sandbox alone) opened for one role.
 * Skipped scopes are logged with what to do; with none left to read, this is a start-up error.
 */
export async function openConfiguredClouds(
  config: RuntimeConfig,
  role: WorkerRole,
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedClouds> {
  const clouds = await openClouds(loadDeploymentConfig(deploymentConfigPath(flag, env)), config, role, env);
  for (const s of clouds.skipped) log.warn({ scope: s.label, reason: s.reason, config: clouds.source }, 'scope skipped');
  if (clouds.providers.size === 0) {
    throw new Error(`no cloud scope in ${clouds.source} could be opened by the ${role} worker:\n${describeSkipped(clouds.skipped)}`);
  }
  return clouds;
}
