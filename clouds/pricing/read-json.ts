import { readFileSync } from 'node:fs';

const cache = new Map<string, unknown>();

/** Reads a JSON snapshot once per process: catalogs are large and never change at run time. */
export function readJsonOnce<T>(path: string): T {
  if (!cache.has(path)) cache.set(path, JSON.parse(readFileSync(path, 'utf8')));
  return cache.get(path) as T;
}
