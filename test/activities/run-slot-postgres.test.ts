import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRunSlot } from '../../activities/run-slot.js';
import { openAuditStore, runStateOf, WriterKey } from '../../audit/index.js';
import { entry } from '../audit/entries.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('run slots claimed by two workers on one PostgreSQL audit store', () => {
  it('every claimant gets its own slot, a retry finds its own again, and an aborted claim is released', async () => {
    const url = await cluster.createDatabase();
    // Two stores, two connection pools: two actions workers writing one log.
    const workers = [openAuditStore(url, { writer: WriterKey.generate() }), openAuditStore(url, { writer: WriterKey.generate() })];
    try {
      const runId = 'run-pg';
      const claim = (i: number) =>
        claimRunSlot(workers[i % 2]!, { workflowId: `${runId}-w${i}`, findingId: `f-${i}`, runId, monthlyUsd: 10, at: new Date().toISOString() });
      const slots = await Promise.all([0, 1, 2, 3, 4, 5].map(claim));
      expect([...slots].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);

      // A retried claim (the other worker this time) finds the slot it already holds.
      expect(await claimRunSlot(workers[1]!, { workflowId: `${runId}-w2`, findingId: 'f-2', runId, monthlyUsd: 10, at: new Date().toISOString() })).toBe(
        slots[2],
      );
      expect(await workers[0]!.records({ step: 'claim' })).toHaveLength(6);
      expect(await runStateOf(workers[0]!, runId)).toEqual({ actionsThisRun: 6, monthlyUsdChangedThisRun: 60 });
      // The claimant of slot 4 counts the three before it alone.
      expect(await runStateOf(workers[0]!, runId, { beforeSlot: 4 })).toEqual({ actionsThisRun: 3, monthlyUsdChangedThisRun: 30 });

      // Refused before applying: its abort record releases the claim.
      await workers[1]!.append(entry({ step: 'abort', workflowId: `${runId}-w2`, output: { reasons: ['blast radius'] } }));
      expect(await runStateOf(workers[0]!, runId)).toEqual({ actionsThisRun: 5, monthlyUsdChangedThisRun: 50 });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 120_000);
});
