import { NativeConnection } from '@temporalio/worker';
import type { RuntimeConfig } from './config.js';
import { landingSettings } from './billing-sources.js';
import { actionDeps, analysisDeps, checkSlackRouting, reportSettings } from './deps.js';
import { deploymentConfigPath, loadDeploymentConfig } from './load-deployment-config.js';
import { log } from './logger.js';
import { openConfiguredClouds } from './open-configured-clouds.js';
import { createActionsWorker, createAnalysisWorker } from './workers.js';

/** `tollgate worker`: open the configured clouds with this queue's credentials, check Slack, then poll. */
export async function runWorker(
  config: RuntimeConfig,
  queue: 'analysis' | 'actions',
  options: { configPath?: string; maxCachedWorkflows: number },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const clouds = await openConfiguredClouds(config, queue, options.configPath, env);
  // Before polling: a Slack route that cannot work is a start-up error, not a failure in every workflow.
  if (queue === 'analysis') await checkSlackRouting(config, env, clouds);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const target = { connection, namespace: config.namespace };
  const worker =
    queue === 'analysis'
      ? await createAnalysisWorker(target, analysisDeps(config, env, clouds), {
          // tollgate.yaml's console.url: the weekly Slack summary links to the console's report page.
          reports: reportSettings(config, env, loadDeploymentConfig(deploymentConfigPath(options.configPath, env)).config.console?.url),
          maxCachedWorkflows: options.maxCachedWorkflows,
          providers: [...clouds.providers.keys()],
          landing: landingSettings(config, loadDeploymentConfig(deploymentConfigPath(options.configPath, env)).config.billing, env),
        })
      : await createActionsWorker(target, actionDeps(config, clouds));
  log.info(
    {
      queue,
      temporal: config.temporalAddress,
      config: clouds.source,
      scopes: clouds.scopes.map((s) => `${s.label} (${s.access})`),
      skipped: clouds.skipped.length,
    },
    'worker started',
  );
  await worker.run();
  await connection.close();
}
