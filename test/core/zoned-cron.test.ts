import { describe, expect, it } from 'vitest';
import { hoursOffPerWeek, isKnownTimeZone, lastFiringWithin, utcOffsetMs, wallClockAt } from '../../core/index.js';

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

  it('counts a night shortened by the clocks going forward, where UTC would not', () => {
    // The Berlin week from Monday 23 March 2026, 00:00 CET: six nights of 01:00-04:00 and the night of the 29th, 2 h long.
    const monday = Date.parse('2026-03-22T23:00:00Z');
    expect(hoursOffPerWeek('0 1 * * *', '0 4 * * *', 'Europe/Berlin', monday)).toBe(20);
    expect(hoursOffPerWeek('0 1 * * *', '0 4 * * *', 'UTC', monday)).toBe(21);
    // And lengthened when they go back (25 October 2026): 4 h that night.
    expect(hoursOffPerWeek('0 1 * * *', '0 4 * * *', 'Europe/Berlin', Date.parse('2026-10-18T22:00:00Z'))).toBe(22);
  });

  it('counts only the week asked for, with the machine on until a stop fires', () => {
    const week = Date.parse('2026-11-23T00:00:00Z');
    // Stopped once, on 23 November 20:00, started the next morning: 11 h in that week, none in others.
    expect(hoursOffPerWeek('0 20 23 11 *', '0 7 24 11 *', 'UTC', week)).toBe(11);
    expect(hoursOffPerWeek('0 20 23 11 *', '0 7 24 11 *', 'UTC', Date.parse('2026-11-30T00:00:00Z'))).toBe(0);
    // A stop from the week before still counts until its start: off from 16 November 20:00 to the 25th 07:00.
    expect(hoursOffPerWeek('0 20 16 11 *', '0 7 25 11 *', 'UTC', week)).toBe(55);
    // Never stopped in the two weeks read: on all the time.
    expect(hoursOffPerWeek('0 20 1 1 *', '0 7 2 1 *', 'UTC', week)).toBe(0);
  });

  it("knows each zone's offset from UTC, across day and year boundaries and DST", () => {
    const h = 3_600_000;
    expect(utcOffsetMs(Date.parse('2026-07-20T12:00:00Z'), 'Europe/Berlin')).toBe(2 * h);
    expect(utcOffsetMs(Date.parse('2026-11-23T12:00:00Z'), 'Europe/Berlin')).toBe(1 * h);
    // Already 1 January in Kolkata, still 31 December in UTC.
    expect(utcOffsetMs(Date.parse('2026-12-31T23:59:00Z'), 'Asia/Kolkata')).toBe(5.5 * h);
    // Still the previous day in Los Angeles.
    expect(utcOffsetMs(Date.parse('2026-11-23T02:00:00Z'), 'America/Los_Angeles')).toBe(-8 * h);
    expect(utcOffsetMs(Date.parse('2026-01-01T00:30:00Z'), 'America/Los_Angeles')).toBe(-8 * h);
    expect(utcOffsetMs(Date.parse('2026-06-30T23:30:00Z'), 'Pacific/Kiritimati')).toBe(14 * h);
    expect(utcOffsetMs(Date.parse('2026-06-30T23:30:00Z'), 'UTC')).toBe(0);
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
