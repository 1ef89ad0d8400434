import { parseDuration } from '../core/index.js';
import { cronMatches, parseCron } from '../core/cron.js';
import type { FreezeWindow } from './freeze-window-schema.js';

export interface ActiveFreeze {
  name: string;
  /** When this occurrence started and ends (ISO, UTC). */
  from: string;
  to: string;
}

/** The first freeze window in force at `now`, if any. Pure: the clock is an input. */
export function activeFreeze(windows: readonly FreezeWindow[], now: string): ActiveFreeze | undefined {
  const nowMs = Date.parse(now);
  for (const window of windows) {
    if ('cron' in window) {
      const start = lastStartWithin(window.cron, nowMs, parseDuration(window.duration));
      if (start !== undefined) return { name: window.name, from: iso(start), to: iso(start + parseDuration(window.duration)) };
    } else if (Date.parse(window.from) <= nowMs && nowMs < Date.parse(window.to)) {
      return { name: window.name, from: window.from, to: window.to };
    }
  }
  return undefined;
}

/** The latest minute in (now - duration, now] on which the cron fired. */
function lastStartWithin(cron: string, nowMs: number, durationMs: number): number | undefined {
  const schedule = parseCron(cron);
  const thisMinute = Math.floor(nowMs / 60_000) * 60_000;
  for (let t = thisMinute; t > nowMs - durationMs; t -= 60_000) {
    if (cronMatches(schedule, t)) return t;
  }
  return undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
