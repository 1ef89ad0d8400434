import { tagValue } from '../core/index.js';

/** The owner agent spend is shown back to: the resource's owner tag, else `unowned`. */
export function ownerOf(tags: Record<string, string> | undefined): string {
  return (tags && tagValue(tags, 'owner')) || 'unowned';
}

/** An owner the model names must be one the tags name: it may not invent one. */
export function tagValues(tags: Record<string, string> | undefined): Set<string> {
  return new Set(Object.values(tags ?? {}).map((v) => v.trim()));
}
