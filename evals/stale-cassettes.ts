import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { anomalyEnrichPrompt, rightsizingEnrichPrompt, rightsizingProposePrompt, skuAdvicePrompt } from '../prompts/index.js';
import { CassetteSchema } from './cassette.js';

/** The version of every prompt Tollgate sends today, by id. */
export const CURRENT_PROMPT_VERSIONS: ReadonlyMap<string, string> = new Map(
  [rightsizingEnrichPrompt, rightsizingProposePrompt, anomalyEnrichPrompt, skuAdvicePrompt].map((t) => [t.id, t.version]),
);

/** `id@version` from a cassette's system message (`prompt: id@version`, the first line of every template). */
export function promptOfCassette(file: string): { id: string; version: string } | undefined {
  const cassette = CassetteSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const system = cassette.request.messages.find((m) => m.role === 'system')?.content ?? '';
  const match = /^prompt: ([\w-]+)@([\w.-]+)$/m.exec(system);
  return match ? { id: match[1]!, version: match[2]! } : undefined;
}

/**
 * Cassettes answering a prompt version Tollgate no longer sends: after a version bump their
 * requests can never be asked again, so they are dead weight that hides what the suite uses.
 */
export function staleCassettes(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => join(dir, f))
    .filter((file) => {
      const prompt = promptOfCassette(file);
      return prompt !== undefined && CURRENT_PROMPT_VERSIONS.get(prompt.id) !== prompt.version;
    });
}

/** Deletes the stale cassettes of a directory (git keeps them) and names them. */
export function forgetStaleCassettes(dir: string): string[] {
  const stale = staleCassettes(dir);
  for (const file of stale) rmSync(file);
  return stale;
}
