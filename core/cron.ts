/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) as the
 * sets of values each field allows. Supports `*`, `n`, `a-b`, `* /s`, `a-b/s` and lists.
 */
export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Vixie cron: when both day fields are restricted, either one matching is enough. */
  dayFieldsRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** Parses a cron expression, or throws an error that names the field and what it expected. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expression}" has ${parts.length} fields; expected 5: minute hour day-of-month month day-of-week`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  const daysOfWeek = new Set([...sets[4]!].map((d) => d % 7));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek,
    dayFieldsRestricted: parts[2] !== '*' && parts[4] !== '*',
  };
}

/** Whether the minute that contains `ms` (UTC) is one the schedule fires on. */
export function cronMatches(schedule: CronSchedule, ms: number): boolean {
  const d = new Date(ms);
  return fieldsMatch(schedule, { minute: d.getUTCMinutes(), hour: d.getUTCHours(), day: d.getUTCDate(), month: d.getUTCMonth() + 1, weekday: d.getUTCDay() });
}

/** The wall-clock fields of one minute in some time zone; weekday 0 is Sunday. */
export interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

export function fieldsMatch(schedule: CronSchedule, t: WallClock): boolean {
  if (!schedule.minutes.has(t.minute) || !schedule.hours.has(t.hour) || !schedule.months.has(t.month)) return false;
  const dom = schedule.daysOfMonth.has(t.day);
  const dow = schedule.daysOfWeek.has(t.weekday);
  return schedule.dayFieldsRestricted ? dom || dow : dom && dow;
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new Error(`cron ${field.name} "${item}" is not *, n, a-b or a step like */5`);
    const from = match[1] === '*' ? field.min : Number(match[2]);
    const to = match[1] === '*' ? field.max : match[3] === undefined ? (match[4] === undefined ? from : field.max) : Number(match[3]);
    const step = match[4] === undefined ? 1 : Number(match[4]);
    if (from < field.min || to > field.max || from > to || step < 1) {
      throw new Error(`cron ${field.name} "${item}" is outside ${field.min}-${field.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Whether two expressions fire on exactly the same minutes (`0 20 * * *` and `0  20 * * 0-6` do). */
export function sameFirings(a: string, b: string): boolean {
  const [x, y] = [parseCron(a), parseCron(b)];
  const same = (p: ReadonlySet<number>, q: ReadonlySet<number>) => p.size === q.size && [...p].every((v) => q.has(v));
  return (
    same(x.minutes, y.minutes) &&
    same(x.hours, y.hours) &&
    same(x.months, y.months) &&
    same(x.daysOfMonth, y.daysOfMonth) &&
    same(x.daysOfWeek, y.daysOfWeek) &&
    x.dayFieldsRestricted === y.dayFieldsRestricted
  );
}
