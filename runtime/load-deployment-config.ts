import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DeploymentConfigSchema, SANDBOX_ONLY, type DeploymentConfig } from './deployment-schema.js';

export interface LoadedDeployment {
  config: DeploymentConfig;
  /** The file it came from; undefined for the built-in sandbox-only default. */
  path: string | undefined;
}

/** Where tollgate.yaml is: --config, else $TOLLGATE_CONFIG; neither means the sandbox alone. */
export function deploymentConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = flag ?? env.TOLLGATE_CONFIG;
  return path ? resolve(path) : undefined;
}

/** Reads and validates tollgate.yaml; an error names the file, each field's path and what was expected. */
export function loadDeploymentConfig(path: string | undefined): LoadedDeployment {
  if (!path) return { config: SANDBOX_ONLY, path: undefined };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the deployment config (${(error as Error).message}); check --config or TOLLGATE_CONFIG`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = DeploymentConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
    throw new Error(`${path}: invalid deployment config\n${issues}\nSee docs/clouds.md for every field.`);
  }
  return { config: parsed.data, path };
}
