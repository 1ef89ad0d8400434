import { fieldsMatch, parseCron, type CronSchedule, type WallClock } from './cron.js';

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `timeZone` is an IANA zone this runtime knows (Europe/Berlin, UTC, America/New_York…). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` during the minute that contains `ms`: what a cron there compares against. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? -1,
  };
}

/** Whether the cron, read as wall-clock time in `timeZone`, fires in the minute that contains `ms`. */
export function firesAt(schedule: CronSchedule, ms: number, timeZone: string): boolean {
  return fieldsMatch(schedule, wallClockAt(ms, timeZone));
}

/** The latest minute in (now - withinMs, now] on which the cron fired in `timeZone`, if any. */
export function lastFiringWithin(cron: string, timeZone: string, nowMs: number, withinMs: number): number | undefined {
  const schedule = parseCron(cron);
  const thisMinute = Math.floor(nowMs / 60_000) * 60_000;
  for (let t = thisMinute; t > nowMs - withinMs; t -= 60_000) if (firesAt(schedule, t, timeZone)) return t;
  return undefined;
}

/**
 * Hours per week a machine is off when it is stopped at every `stopCron` firing and started at
 * every `startCron` firing, over the week that starts at `fromMs` (the state is settled over the
 * week before, so a stop on Friday evening counts into Monday). Both crons are wall-clock time
 * in `timeZone`; a minute on which both fire leaves the machine running.
 */
export function hoursOffPerWeek(stopCron: string, startCron: string, timeZone: string, fromMs: number): number {
  const stop = parseCron(stopCron);
  const start = parseCron(startCron);
  const week = 7 * 24 * 60;
  const first = Math.floor(fromMs / 3_600_000) * 3_600_000 - week * 60_000;
  let off = false;
  let offMinutes = 0;
  let offsetMs = 0;
  for (let i = 0; i < 2 * week; i += 1) {
    // Zone offsets change on whole UTC hours: read the offset once an hour, not once a minute.
    if (i % 60 === 0) offsetMs = utcOffsetMs(first + i * 60_000, timeZone);
    const at = utcFields(first + i * 60_000 + offsetMs);
    if (fieldsMatch(start, at)) off = false;
    else if (fieldsMatch(stop, at)) off = true;
    if (off && i >= week) offMinutes += 1;
  }
  return Math.round((offMinutes / 60) * 100) / 100;
}

/** How far the zone's wall clock is ahead of UTC at `ms` (negative west of Greenwich). */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const wall = wallClockAt(ms, timeZone);
  const d = new Date(Math.floor(ms / 60_000) * 60_000);
  // The wall clock is within a day of UTC: try the neighbouring dates for the one that matches.
  for (const dayShift of [0, -1, 1]) {
    const base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + dayShift, wall.hour, wall.minute);
    const candidate = new Date(base);
    if (candidate.getUTCDate() === wall.day && candidate.getUTCMonth() + 1 === wall.month) return base - d.getTime();
  }
  return 0;
}

function utcFields(ms: number): WallClock {
  const d = new Date(ms);
  return { minute: d.getUTCMinutes(), hour: d.getUTCHours(), day: d.getUTCDate(), month: d.getUTCMonth() + 1, weekday: d.getUTCDay() };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
