import { copyFileSync, mkdtempSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createLandingActivities } from '../../activities/landing-activities.js';
import type { BillingSourceReader, SourcePollResult } from '../../core/index.js';
import { CUR2 } from '../support/billing-exports.js';
import { TestWorld } from '../support/world.js';

/**
 * A landing heartbeats on each event, but one large object can take longer to download than the
 * workflow's heartbeat timeout with no event in between. The store here is an in-process reader
 * whose download is slow on purpose: what is under test is time, not the store (the real stores
 * have their own tests); the activity, the ingest and DuckDB are the real ones.
 */
function slowStore(downloadMs: number): BillingSourceReader {
  return {
    name: 'slow',
    kind: 's3',
    location: 's3://slow-bucket/cur',
    listUnits: async () => ({
      units: [
        {
          unit: 's3://slow-bucket/cur/2026-10',
          period: '2026-10',
          fingerprint: 'etag-1',
          format: 'aws-cur2',
          parts: [{ key: 'cur/2026-10/part-0.csv', uri: 's3://slow-bucket/cur/2026-10/part-0.csv' }],
        },
      ],
      problems: [],
    }),
    download: async (_part, toFile) => {
      await sleep(downloadMs);
      copyFileSync(CUR2, toFile);
    },
  };
}

describe('a billing landing whose one download reports nothing for a while', () => {
  it('keeps heartbeating with what it is doing, and stops when the landing ends', async () => {
    const world = new TestWorld('http://127.0.0.1:9');
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-keep-alive-'));
    const activities = createLandingActivities(world.analysisDeps(), {
      readers: [slowStore(600)],
      warehousePath: join(dir, 'warehouse.duckdb'),
      cacheDir: join(dir, 'cache'),
      keepAliveMs: 50,
    });
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));

    const result = (await env.run(activities.landBillingSource, { source: 'slow', landingId: 'keep-alive-test' })) as SourcePollResult;
    expect(result.landed).toEqual([expect.objectContaining({ kind: 'new', unit: 's3://slow-bucket/cur/2026-10' })]);

    // During the 600 ms download the last event ("landing" the unit) is repeated every 50 ms.
    const whileDownloading = heartbeats.filter((h) => (h as { kind: string }).kind === 'landing');
    expect(whileDownloading.length).toBeGreaterThanOrEqual(5);
    expect(whileDownloading[0]).toEqual({ kind: 'landing', source: 'slow', unit: 's3://slow-bucket/cur/2026-10', parts: 1 });
    expect(heartbeats.at(-1)).toMatchObject({ kind: 'landed', status: 'new' });

    const after = heartbeats.length;
    await sleep(200);
    expect(heartbeats.length).toBe(after);
  });
});
