import { describe, expect, it } from 'vitest';
import { sameFirings } from '../../core/index.js';

describe('sameFirings: two cron expressions that fire on exactly the same minutes', () => {
  it('sees through spelling: spacing, ranges written out, * as a full range', () => {
    expect(sameFirings('0 20 * * 1-5', '0  20 * * 1,2,3,4,5')).toBe(true);
    expect(sameFirings('0 20 * * *', '0 20 * * 0-6')).toBe(true);
    expect(sameFirings('*/30 * * * *', '0,30 * * * *')).toBe(true);
  });

  it('tells apart schedules that differ in a single value, a subset, or an overlap', () => {
    expect(sameFirings('0 20 * * 1-5', '0 20 * * 1-6')).toBe(false);
    expect(sameFirings('0 20 * * 1-6', '0 20 * * 1-5')).toBe(false);
    expect(sameFirings('0 20 * * 1-5', '0 20 * * 5-6')).toBe(false);
    expect(sameFirings('0 20 * * 1-5', '0 20 * * 2-6')).toBe(false);
    expect(sameFirings('0 20 * * *', '0 21 * * *')).toBe(false);
    expect(sameFirings('0 20 * 1 *', '0 20 * 2 *')).toBe(false);
  });

  it('keeps the day-field rule: a restricted day of month and day of week fire on either', () => {
    // Mondays only, against every day of the month or Monday (that is, every day).
    expect(sameFirings('0 20 * * 1', '0 20 1-31 * 1')).toBe(false);
  });
});
