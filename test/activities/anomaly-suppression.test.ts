import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressedBy } from '../../activities/anomaly-suppression.js';
import { incidentId, parseAnomalyFeedback, type AnomalyFeedbackRecord, type Incident, type RootCause } from '../../core/index.js';

const DAY_MS = 86_400_000;
const dayAfter = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);

function incident(rootCause: RootCause, start: string, currency = 'USD'): Incident {
  return {
    id: incidentId(currency, rootCause, start),
    currency,
    severity: 'major',
    method: 'seasonal-mad',
    start,
    end: start,
    ongoing: false,
    expected: 100,
    actual: 160,
    impact: 60,
    rootCause,
    rootCauses: [],
    affected: [],
  };
}

function feedbackOn(i: Incident, verdict: 'expected' | 'planned' = 'planned'): AnomalyFeedbackRecord {
  return {
    kind: 'anomaly-feedback',
    incidentId: i.id,
    verdict,
    by: 'ana',
    rootCause: { ...i.rootCause } as Record<string, string>,
    currency: i.currency,
    start: i.start,
  };
}

const rootCauses = fc.record(
  { resource: fc.constantFrom('i-1', 'i-2'), service: fc.constantFrom('EC2', 'S3'), team: fc.constantFrom('web', 'data') },
  { requiredKeys: [] },
);

describe('repeats of a root cause the owner called expected or planned', () => {
  it('are suppressed only for the same currency and root cause, after the original and within the window', () => {
    fc.assert(
      fc.property(rootCauses, rootCauses, fc.integer({ min: -40, max: 40 }), fc.constantFrom('USD', 'EUR'), (first, second, offset, currency) => {
        const original = incident(first, '2025-03-10');
        const repeat = incident(second, dayAfter('2025-03-10', offset), currency);
        const by = suppressedBy(repeat, [feedbackOn(original)], 30);
        const same = JSON.stringify(Object.entries(first).sort()) === JSON.stringify(Object.entries(second).sort());
        const expected = same && currency === 'USD' && offset > 0 && offset <= 30;
        expect(by !== undefined).toBe(expected);
      }),
    );
  });

  it('never suppress the incident the feedback was given on', () => {
    const original = incident({ resource: 'i-1' }, '2025-03-10');
    expect(suppressedBy(original, [feedbackOn(original, 'expected')], 30)).toBeUndefined();
  });
});

describe('the anomalyFeedback payload', () => {
  it('accepts the three verdicts with a named giver and refuses anything else', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1, maxLength: 50 }),
        fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
        (verdict, by, note) => {
          const parsed = parseAnomalyFeedback({ verdict, by, ...(note !== undefined ? { note } : {}) });
          const valid = ['expected', 'unexpected', 'planned'].includes(verdict) && by.trim() !== '';
          expect(parsed.ok).toBe(valid);
        },
      ),
    );
    expect(parseAnomalyFeedback({ verdict: 'planned', by: 'ana', approve: true })).toEqual({
      ok: false,
      message: 'unknown feedback field(s): approve; expected verdict, by and note',
    });
  });
});
