import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { addStubCommand, describeCommand, type CommandShape } from './command-shape.js';
import { COMMAND_MODULES } from './commands/index.js';
import { newProgram } from './program.js';

/** The commands one module of cli/commands registers. */
export interface ManifestEntry {
  module: string;
  commands: CommandShape[];
}

/** Written by the build beside the compiled CLI (dist/cli/); absent in the source tree. */
export const MANIFEST_PATH = fileURLToPath(new URL('./command-manifest.json', import.meta.url));

/** Loads every command module once and records what it registers. */
export async function buildManifest(): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const [module, load] of Object.entries(COMMAND_MODULES)) {
    const program = newProgram();
    (await load())(program);
    entries.push({ module, commands: program.commands.map(describeCommand) });
  }
  return entries;
}

export async function writeManifest(path = MANIFEST_PATH): Promise<void> {
  writeFileSync(path, `${JSON.stringify(await buildManifest(), null, 1)}\n`);
}

export function readManifest(path = MANIFEST_PATH): ManifestEntry[] | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ManifestEntry[]) : undefined;
}

/**
 * Adds every command from the manifest; the first one that runs loads its module, registers
 * the real commands on a fresh program and parses the same arguments again.
 */
export function addLazyCommands(program: Command, manifest: ManifestEntry[], argv: string[] = process.argv): void {
  for (const entry of manifest) {
    const load = COMMAND_MODULES[entry.module];
    if (!load) throw new Error(`${MANIFEST_PATH} names the command module "${entry.module}", which cli/commands/index.ts does not: rebuild with make build`);
    const run = async (): Promise<void> => {
      const real = newProgram();
      (await load())(real);
      await real.parseAsync(argv);
    };
    for (const shape of entry.commands) addStubCommand(program, shape, run);
  }
}
