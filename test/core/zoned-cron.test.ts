import { describe, expect, it } from 'vitest';
import { hoursOffPerWeek, isKnownTimeZone, lastFiringWithin, wallClockAt } from '../../core/index.js';

const HOUR = 3_600_000;

describe('cron read as wall-clock time in a zone', () => {
  it('reads the wall clock of a zone, across the spring-forward gap', () => {
    // 01:30 UTC on 29 March 2026 is 03:30 CEST in Berlin: 02:00-03:00 local does not exist that night.
    expect(wallClockAt(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toEqual({ minute: 30, hour: 3, day: 29, month: 3, weekday: 0 });
    expect(wallClockAt(Date.parse('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 1, minute: 30 });
    expect(wallClockAt(Date.parse('2026-12-31T23:59:00Z'), 'Asia/Kolkata')).toEqual({ minute: 29, hour: 5, day: 1, month: 1, weekday: 5 });
  });

  it('finds the firing within the grace period, in the zone, and nothing outside it', () => {
    // 20:00 Berlin is 18:00 UTC in summer and 19:00 UTC in winter.
    expect(lastFiringWithin('0 20 * * 1-5', 'Europe/Berlin', Date.parse('2026-07-20T18:59:00Z'), HOUR)).toBe(Date.parse('2026-07-20T18:00:00Z'));
    expect(lastFiringWithin('0 20 * * 1-5', 'Europe/Berlin', Date.parse('2026-07-20T19:00:00Z'), HOUR)).toBeUndefined();
    expect(lastFiringWithin('0 20 * * 1-5', 'Europe/Berlin', Date.parse('2026-11-23T19:10:00Z'), HOUR)).toBe(Date.parse('2026-11-23T19:00:00Z'));
    expect(lastFiringWithin('0 20 * * 1-5', 'Europe/Berlin', Date.parse('2026-11-23T18:10:00Z'), HOUR)).toBeUndefined();
    // Saturday: the weekday schedule does not fire.
    expect(lastFiringWithin('0 20 * * 1-5', 'Europe/Berlin', Date.parse('2026-11-21T19:10:00Z'), HOUR)).toBeUndefined();
  });

  it('counts the hours a week a schedule keeps a VM off, weekends included', () => {
    const monday = Date.parse('2026-11-23T00:00:00Z');
    // Four weeknights of 11 h and the weekend from Friday 20:00 to Monday 07:00 (59 h).
    expect(hoursOffPerWeek('0 20 * * 1-5', '0 7 * * 1-5', 'Europe/Berlin', monday)).toBe(103);
    expect(hoursOffPerWeek('0 19 * * *', '0 7 * * *', 'UTC', monday)).toBe(84);
    // A half-hour zone: 20:30 to 06:30 every night is 10 h.
    expect(hoursOffPerWeek('30 20 * * *', '30 6 * * *', 'Asia/Kolkata', monday)).toBe(70);
    // The week Berlin springs forward: one night of 01:00-04:00 is 2 h long.
    expect(hoursOffPerWeek('0 1 * * *', '0 4 * * *', 'Europe/Berlin', Date.parse('2026-03-26T00:00:00Z'))).toBe(21);
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
