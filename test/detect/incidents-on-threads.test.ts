import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateOfDay,
  dayNumber,
  DEFAULT_ANOMALY_OPTIONS,
  detectIncidents,
  detectIncidentsOnThreads,
  type DailyCostCell,
  type IncidentProgress,
} from '../../detect/anomaly/index.js';
import { costScenario, SCENARIO_KINDS } from '../../evals/anomaly-corpus/cost-scenarios.js';

/** Every pool below spreads its series over both threads: a few series a chunk, many chunks. */
const onThreads = { threads: 2, minSeriesDays: 0, chunkValues: 300 };

describe('the series scan on worker threads (detect/anomaly/incidents-on-threads.ts)', () => {
  it('gives the single-thread report on every scenario of the anomaly corpus', async () => {
    for (const kind of SCENARIO_KINDS) {
      for (const seed of [1, 2]) {
        const { cells, planned } = costScenario(kind, seed);
        const options = { ...DEFAULT_ANOMALY_OPTIONS, planned };
        const single = detectIncidents(cells, options);
        const threaded = await detectIncidentsOnThreads(cells, options, undefined, onThreads);
        expect(threaded, `${kind} seed ${seed}`).toStrictEqual(single);
      }
    }
  }, 120_000);

  it('gives the single-thread report on generated estates (several currencies, new keys, gaps, spikes and shifts)', async () => {
    await fc.assert(
      fc.asyncProperty(estate, async (cells) => {
        const single = detectIncidents(cells);
        const threaded = await detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, undefined, onThreads);
        expect(threaded).toStrictEqual(single);
      }),
      // a failing run shrinks through a pool per try: stop shrinking in time to report it
      { numRuns: 12, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
  }, 120_000);

  it('reports progress up to every series, then where the time went and on how many threads', async () => {
    const { cells } = costScenario('spike-25pct-resource', 1);
    const seen: IncidentProgress[] = [];
    const report = await detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, (p) => seen.push(p), onThreads);
    const scans = seen.filter((p) => !p.timings);
    expect(scans.length).toBeGreaterThan(2);
    expect(scans.map((p) => p.done)).toStrictEqual([...scans.map((p) => p.done)].sort((a, b) => a - b));
    expect(scans.at(-1)!.done).toBe(report.seriesScanned);
    const last = seen.at(-1)!;
    expect(last.done).toBe(report.seriesScanned);
    expect(last.timings?.threads).toBe(2);
    expect(last.timings?.scanMs).toBeGreaterThan(0);
  }, 60_000);

  it('scans a small input on the calling thread, and one thread always', async () => {
    const { cells } = costScenario('spike-25pct-resource', 1);
    const last = async (threading: Parameters<typeof detectIncidentsOnThreads>[3]) => {
      let timings: IncidentProgress['timings'];
      await detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, (p) => (timings = p.timings ?? timings), threading);
      return timings;
    };
    expect((await last({ threads: 2 }))?.threads).toBeUndefined(); // the corpus' estates are below the default threshold
    expect((await last({ threads: 1, minSeriesDays: 0 }))?.threads).toBeUndefined();
    await expect(detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, undefined, { threads: 0 })).rejects.toThrow(/at least 1, got 0/);
  });

  it('fails the call, naming the worker, when a worker cannot start, throws or dies', async () => {
    const { cells } = costScenario('spike-25pct-resource', 1);
    const failing = (name: string) =>
      detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, undefined, { ...onThreads, workerEntry: new URL(name, import.meta.url) });
    await expect(failing('./fixtures/no-such-worker.mjs')).rejects.toThrow(/series scan on worker threads failed: a worker thread threw: .*no-such-worker/s);
    await expect(failing('./fixtures/scan-worker-throws.mjs')).rejects.toThrow(/a worker thread threw: detector exploded on a chunk/);
    await expect(failing('./fixtures/scan-worker-exits.mjs')).rejects.toThrow(/a worker thread exited with code 7 before the scan was done/);
    const throwingProgress = () => {
      throw new Error('progress bar gone');
    };
    await expect(detectIncidentsOnThreads(cells, DEFAULT_ANOMALY_OPTIONS, throwingProgress, onThreads)).rejects.toThrow(
      /the main thread failed between chunks: progress bar gone/,
    );
  }, 60_000);
});

/**
 * A small generated bill: resources spread over services, regions, teams and one or two
 * currencies; each a weekday-shaped level with noise, missing days, a start day (a new key when
 * late) and shocks (a one-day spike or a lasting shift).
 */
const estate: fc.Arbitrary<DailyCostCell[]> = fc
  .record({
    days: fc.integer({ min: 15, max: 110 }),
    resources: fc.array(
      fc.record({
        service: fc.constantFrom('AmazonEC2', 'AmazonS3', 'AmazonRDS'),
        region: fc.constantFrom('us-east-1', 'eu-west-1'),
        team: fc.constantFrom('payments', 'search', ''),
        currency: fc.constantFrom('USD', 'USD', 'EUR'),
        base: fc.double({ min: 0.5, max: 5_000, noNaN: true }),
        weekend: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
        noise: fc.double({ min: 0, max: 0.3, noNaN: true }),
        startsAt: fc.oneof(fc.constant(0), fc.nat(100)),
        gapEvery: fc.integer({ min: 0, max: 9 }),
        shocks: fc.array(fc.record({ at: fc.nat(109), factor: fc.double({ min: 0, max: 5, noNaN: true }), days: fc.integer({ min: 1, max: 40 }) }), {
          maxLength: 3,
        }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    seed: fc.nat(),
  })
  .map(({ days, resources, seed }) => {
    const first = dayNumber('2025-03-01');
    let state = seed || 1;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const cells: DailyCostCell[] = [];
    resources.forEach((r, i) => {
      for (let d = r.startsAt; d < days; d++) {
        if (r.gapEvery > 0 && d % r.gapEvery === 0) continue;
        let cost = r.base * ((d + 6) % 7 >= 5 ? r.weekend : 1) * (1 + r.noise * (random() - 0.5));
        for (const s of r.shocks) if (d >= s.at && d < s.at + s.days) cost *= s.factor;
        cells.push({
          date: dateOfDay(first + d),
          costUsd: Math.round(cost * 100) / 100,
          currency: r.currency,
          keys: { provider: 'aws', service: r.service, region: r.region, resource: `r-${i}`, team: r.team, subAccount: `acct-${i % 2}` },
        });
      }
    });
    return cells;
  });
