import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceUrl } from '../../core/source-url.js';

/**
 * Where the public pricing and machine-spec snapshots live. TOLLGATE_DATA_DIR overrides;
 * the default is the shared data folder beside the repository (../shared/data).
 */
export function sharedDataDir(): string {
  const fromEnv = process.env.TOLLGATE_DATA_DIR;
  if (fromEnv) return fromEnv;
  return fileURLToPath(sourceUrl('../../../shared/data/', import.meta.url));
}

export function dataFile(...parts: string[]): string {
  const path = join(sharedDataDir(), ...parts);
  if (!existsSync(path)) {
    throw new Error(`pricing data not found at ${path}: set TOLLGATE_DATA_DIR to the folder holding pricing/ and specs/`);
  }
  return path;
}
