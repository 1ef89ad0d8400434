import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron } from '../../core/cron.js';
import { activeFreeze } from '../../guardrails/freeze-window.js';

const at = (iso: string) => Date.parse(iso);

describe('parseCron', () => {
  it('expands *, lists, ranges and steps', () => {
    const cron = parseCron('*/15 9-17/4 1,15 * 1-5');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([9, 13, 17]);
    expect([...cron.daysOfMonth]).toEqual([1, 15]);
    expect(cron.months.size).toBe(12);
    expect([...cron.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(cron.dayFieldsRestricted).toBe(true);
  });
  it('reads a single value with a step as a start', () => {
    expect([...parseCron('50/5 * * * *').minutes]).toEqual([50, 55]);
  });
  it('tolerates extra whitespace between and around fields', () => {
    expect([...parseCron('  0   18 * *\t5 ').hours]).toEqual([18]);
  });
  it('refuses junk before or after a value', () => {
    expect(() => parseCron('x5 * * * *')).toThrow('cron minute "x5" is not *, n, a-b or a step like */5');
    expect(() => parseCron('5x * * * *')).toThrow('cron minute "5x" is not *, n, a-b or a step like */5');
  });
  it('treats 7 as Sunday', () => {
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
    expect(parseCron('0 0 * * 7').dayFieldsRestricted).toBe(false);
  });
  it('names the field that is wrong', () => {
    expect(() => parseCron('0 0 * *')).toThrow('cron "0 0 * *" has 4 fields; expected 5: minute hour day-of-month month day-of-week');
    expect(() => parseCron('0 24 * * *')).toThrow('cron hour "24" is outside 0-23');
    expect(() => parseCron('0 0 0 * *')).toThrow('cron day of month "0" is outside 1-31');
    expect(() => parseCron('0 0 * 13 *')).toThrow('cron month "13" is outside 1-12');
    expect(() => parseCron('0 0 * * 8')).toThrow('cron day of week "8" is outside 0-7');
    expect(() => parseCron('5-1 * * * *')).toThrow('cron minute "5-1" is outside 0-59');
    expect(() => parseCron('*/0 * * * *')).toThrow('cron minute "*/0" is outside 0-59');
    expect(() => parseCron('mon * * * *')).toThrow('cron minute "mon" is not *, n, a-b or a step like */5');
  });
});

describe('cronMatches', () => {
  it('matches the minute, hour, month and day', () => {
    const fridayEvening = parseCron('0 18 * * 5');
    expect(cronMatches(fridayEvening, at('2026-07-17T18:00:30Z'))).toBe(true);
    expect(cronMatches(fridayEvening, at('2026-07-17T18:01:00Z'))).toBe(false);
    expect(cronMatches(fridayEvening, at('2026-07-17T17:00:00Z'))).toBe(false);
    expect(cronMatches(fridayEvening, at('2026-07-18T18:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 * 12 *'), at('2026-11-01T00:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 * 11 *'), at('2026-11-01T00:00:00Z'))).toBe(true);
  });
  it('matches either day field when both are restricted, both when one is *', () => {
    const firstOrMonday = parseCron('0 0 1 * 1');
    expect(cronMatches(firstOrMonday, at('2026-07-01T00:00:00Z'))).toBe(true); // a Wednesday
    expect(cronMatches(firstOrMonday, at('2026-07-06T00:00:00Z'))).toBe(true); // a Monday
    expect(cronMatches(firstOrMonday, at('2026-07-07T00:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 1 * *'), at('2026-07-06T00:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 * * 1'), at('2026-07-01T00:00:00Z'))).toBe(false);
  });
});

describe('activeFreeze', () => {
  const weekend = { name: 'weekend', cron: '0 18 * * 5', duration: '60h' };
  it('is in force from the cron start, inclusive, to start + duration, exclusive', () => {
    expect(activeFreeze([weekend], '2026-07-17T17:59:59.999Z')).toBeUndefined();
    expect(activeFreeze([weekend], '2026-07-17T18:00:00.000Z')).toEqual({ name: 'weekend', from: '2026-07-17T18:00:00.000Z', to: '2026-07-20T06:00:00.000Z' });
    expect(activeFreeze([weekend], '2026-07-20T05:59:59.000Z')?.name).toBe('weekend');
    expect(activeFreeze([weekend], '2026-07-20T06:00:00.000Z')).toBeUndefined();
  });
  it('honours dated windows, from inclusive and to exclusive', () => {
    const dated = { name: 'launch', from: '2026-08-01T00:00:00Z', to: '2026-08-02T00:00:00Z' };
    expect(activeFreeze([dated], '2026-07-31T23:59:59Z')).toBeUndefined();
    expect(activeFreeze([dated], '2026-08-01T00:00:00Z')).toEqual({ name: 'launch', from: dated.from, to: dated.to });
    expect(activeFreeze([dated], '2026-08-02T00:00:00Z')).toBeUndefined();
  });
  it('returns the first window in force', () => {
    const dated = { name: 'launch', from: '2026-07-17T00:00:00Z', to: '2026-07-19T00:00:00Z' };
    expect(activeFreeze([dated, weekend], '2026-07-18T00:00:00Z')?.name).toBe('launch');
    expect(activeFreeze([weekend, dated], '2026-07-18T00:00:00Z')?.name).toBe('weekend');
    expect(activeFreeze([], '2026-07-18T00:00:00Z')).toBeUndefined();
  });
});
