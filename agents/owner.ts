import { readTagVariants } from '../core/index.js';

/** The owner agent spend is shown back to: every owner the tags name (all variants), else `unowned`. */
export function ownerOf(tags: Record<string, string> | undefined): string {
  return readTagVariants(tags).owners.join(', ') || 'unowned';
}

/** An owner the model names must be one the tags name: it may not invent one. */
export function tagValues(tags: Record<string, string> | undefined): Set<string> {
  return new Set(Object.values(tags ?? {}).map((v) => v.trim()));
}
