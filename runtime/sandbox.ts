import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEstate } from '../clouds/sandbox/estate.js';
import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';
import type { RuntimeConfig } from './config.js';

/** The sandbox estate, its state shared through a file so both workers see one estate. */
export function openSandbox(config: RuntimeConfig, estate?: string): SandboxCloud {
  const estatePath = estate ? resolve(estate) : config.estatePath;
  mkdirSync(dirname(config.statePath), { recursive: true });
  return new SandboxCloud(parseEstate(readFileSync(estatePath, 'utf8'), estatePath), { statePath: config.statePath });
}
