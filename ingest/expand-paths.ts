import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

// Plain .json in a folder is usually metadata, not an export; name such a file explicitly to ingest it.
const BILLING_FILE = /\.(csv|csv\.gz|parquet|pq|jsonl|ndjson|jsonl\.gz|ndjson\.gz)$/i;

/** Files, folders (recursively, billing-looking files only) and globs → absolute file paths, sorted, each once. */
export function expandPaths(inputs: readonly string[]): string[] {
  const files = new Set<string>();
  for (const input of inputs) {
    const matches = /[*?[]/.test(input) ? globFiles(resolve(input)) : [resolve(input)];
    if (matches.length === 0) throw new Error(`${input}: no file matches`);
    for (const path of matches) {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) throw new Error(`${input}: no such file or folder`);
      if (stat.isDirectory()) for (const file of filesUnder(path)) files.add(file);
      else files.add(path);
    }
  }
  return [...files].sort();
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return BILLING_FILE.test(entry.name) ? [path] : [];
  });
}

/** `*` and `?` within a path segment, `**` across segments (Node 20 has no fs.glob). */
function globFiles(pattern: string): string[] {
  const firstWild = pattern.search(/[*?[]/);
  const root = dirname(pattern.slice(0, firstWild + 1));
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*\*\//g, '<globstar>')
      .replace(/\*/g, `[^${sep}]*`)
      .replace(/\?/g, `[^${sep}]`)
      .replace(/<globstar>/g, `(?:.*${sep})?`)}$`,
  );
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      return [...(regex.test(path) ? [path] : []), ...(entry.isDirectory() ? walk(path) : [])];
    });
  return statSync(root, { throwIfNoEntry: false })?.isDirectory() ? walk(root) : [];
}
