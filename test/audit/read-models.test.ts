import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBudgetAlertLedger, runStateOf, SqliteAuditStore, WriterKey } from '../../audit/index.js';
import type { DecisionEntry } from '../../core/index.js';
import { entry, SAMPLE_OUTPUTS } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-read-models-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshStore(): SqliteAuditStore {
  return new SqliteAuditStore(join(dir, `log-${n++}.sqlite`), { writer: WriterKey.generate() });
}

const applied = SAMPLE_OUTPUTS.execute;
if (applied.kind !== 'applied') throw new Error('the sample execute output is an applied change');

describe('appending validates each step against its schema', () => {
  it('refuses an applied change without its run, naming the field, and stores nothing', async () => {
    const store = freshStore();
    try {
      const { runId: _runId, ...withoutRun } = applied;
      await expect(store.append({ ...entry({ step: 'execute' }), output: withoutRun } as unknown as DecisionEntry)).rejects.toThrow(/runId/);
      await expect(store.append({ ...entry({ step: 'check' }), output: { passed: 'yes' } } as unknown as DecisionEntry)).rejects.toThrow(/passed/);
      expect(await store.records()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps an approval signature and the key it was accepted with, as given; refuses a signature that is not SSH armor text', async () => {
    const store = freshStore();
    try {
      const signature = '-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----';
      const signedWith = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemo alice';
      await store.append(entry({ step: 'approve', output: { ...SAMPLE_OUTPUTS.approve, signature, signedWith } }));
      const [record] = await store.records({ step: 'approve' });
      expect(record?.step === 'approve' && [record.output.signature, record.output.signedWith]).toEqual([signature, signedWith]);
      const notText = { ...SAMPLE_OUTPUTS.approve, signature: { armored: signature } } as unknown as typeof SAMPLE_OUTPUTS.approve;
      await expect(store.append(entry({ step: 'approve', output: notText }))).rejects.toThrow(/signature/);
    } finally {
      await store.close();
    }
  });
});

describe('read models read typed fields', () => {
  it('blast radius counts applied changes and enrollments of the run, and its child workflows whatever run they name', async () => {
    const store = freshStore();
    try {
      const execute = (workflowId: string, runId: string, monthlyUsd: number) =>
        entry({ step: 'execute', workflowId, output: { ...applied, runId, monthlyUsd } });
      await store.append(execute('run-1-i-a', 'run-1', 40));
      await store.append(execute('run-1-i-b', 'run-1', -25));
      // Started by hand for run-1: counted by its runId.
      await store.append(execute('manual-i-c', 'run-1', 10));
      // A child of run-1 that names another run (a writer's mistake): the safe reading counts it.
      await store.append(execute('run-1-i-d', 'run-9', 5));
      await store.append(execute('run-10-i-e', 'run-10', 1000));
      // Outcome text says nothing to the read model: a record whose text claims "applied" but is an abort does not count.
      await store.append(entry({ step: 'abort', workflowId: 'run-1-i-f', outcome: 'applied', output: { reasons: ['drift'] } }));
      expect(await runStateOf(store, 'run-1')).toEqual({ actionsThisRun: 4, monthlyUsdChangedThisRun: 80 });
      expect(await runStateOf(store, 'run-10')).toEqual({ actionsThisRun: 1, monthlyUsdChangedThisRun: 1000 });
    } finally {
      await store.close();
    }
  });

  it('budget alerts: delivered or recorded ones are done, undelivered ones wait until a later run delivers them', async () => {
    const store = freshStore();
    try {
      const alert = (id: string) => ({
        id,
        budget: 'total',
        periodStart: '2025-03-01',
        periodEnd: '2025-03-31',
        asOf: '2025-03-10',
        thresholdPct: 80,
        spentUsd: 800,
        projectedUsd: 1000,
        projectedPct: 100,
        budgetUsd: 1000,
        scope: { dimension: 'total', key: 'total' },
      });
      const notify = (
        id: string,
        runId: string,
        delivery: { status: 'delivered'; channel: string; ts: string } | { status: 'undelivered'; error: string } | { status: 'recorded' },
      ) => entry({ step: 'notify', workflowId: `budget-alerts:${runId}`, output: { kind: 'budget-alert', runId, alert: alert(id), delivery } });
      await store.append(notify('a1', 'run-1', { status: 'undelivered', error: 'slack down' }));
      await store.append(notify('a2', 'run-1', { status: 'recorded' }));
      await store.append(notify('a3', 'run-1', { status: 'undelivered', error: 'slack down' }));
      await store.append(notify('a1', 'run-2', { status: 'delivered', channel: 'C1', ts: '1.2' }));
      const ledger = await readBudgetAlertLedger(store);
      expect([...ledger.done].sort()).toEqual(['a1', 'a2']);
      expect(ledger.waiting.map((a) => a.id)).toEqual(['a3']);
    } finally {
      await store.close();
    }
  });
});
