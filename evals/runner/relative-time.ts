import { parseDuration } from '../../core/index.js';

/**
 * Scenario timestamps are relative to the eval's clock (`"-2d"`, `"+36h"`, `"now"`), so a
 * scenario means the same thing on any day: a fixed "two days ago" stops being two days ago.
 * Only fields named `…At` are read this way; an absolute ISO timestamp there is refused, since
 * the day the suite runs would decide what it tests.
 */
const RELATIVE = /^(?:now|([+-])\s*(\d+(?:\.\d+)?\s*[smhdw]))$/;

export function resolveRelativeTimes<T>(value: T, now: Date, where: string): T {
  return walk(value, now, where) as T;
}

function walk(value: unknown, now: Date, where: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => walk(item, now, `${where}[${i}]`));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const path = `${where}.${key}`;
    out[key] = key.endsWith('At') && typeof field === 'string' ? relativeToIso(field, now, path) : walk(field, now, path);
  }
  return out;
}

function relativeToIso(text: string, now: Date, path: string): string {
  const match = RELATIVE.exec(text.trim());
  if (!match) {
    throw new Error(
      `${path}: "${text}" is not a time relative to the eval's clock; write "now", "-2d", "+36h" (units s, m, h, d, w) so the scenario does not depend on the day it runs`,
    );
  }
  if (!match[1]) return now.toISOString();
  const offset = parseDuration(match[2]!);
  return new Date(now.getTime() + (match[1] === '-' ? -offset : offset)).toISOString();
}
