import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, WriterKey } from '../../audit/index.js';
import { entry } from './entries.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('a second worker opening a PostgreSQL audit log that another is writing', () => {
  it('takes no table lock once the schema is current, so it neither waits for nor deadlocks with an append', async () => {
    const url = await cluster.createDatabase();
    const first = openAuditStore(url, { writer: WriterKey.generate() });
    await first.append(entry({ step: 'detect', workflowId: 'wf-1' }));
    // An append in flight: the head row locked and decision_records held as an INSERT holds it.
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query('SELECT seq FROM decision_log_head WHERE id = 1 FOR UPDATE');
    await writer.query('LOCK TABLE decision_records IN ROW EXCLUSIVE MODE');
    const second = openAuditStore(url, { writer: WriterKey.generate() });
    try {
      // Before the check, its schema set-up (CREATE INDEX, ALTER TABLE) queued behind the append.
      const read = second.records({ workflowId: 'wf-1' });
      const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000));
      const outcome = await Promise.race([read.then((records) => records.length), timeout]);
      expect(outcome).toBe(1);
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
      await Promise.all([first.close(), second.close()]);
    }
  }, 60_000);
});
