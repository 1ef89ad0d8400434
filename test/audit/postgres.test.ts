import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, WriterKey } from '../../audit/index.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { tollgate } from './cli-support.js';
import { auditConformance } from './conformance.js';
import { entry } from './entries.js';

// A real PostgreSQL server from Debian's packages, started for this file and stopped after it.
let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

auditConformance('PostgreSQL (Debian server)', () => ({
  freshUrl: () => cluster.createDatabase(),
  rewriteRecord: (url, seq, rewrite) =>
    withClient(url, async (client) => {
      const { rows } = await client.query<{ record: string }>('SELECT record FROM decision_records WHERE seq = $1', [seq]);
      const rewritten = JSON.stringify(rewrite(JSON.parse(rows[0]!.record) as Record<string, unknown>));
      await client.query('UPDATE decision_records SET record = $1 WHERE seq = $2', [rewritten, seq]);
    }),
  deleteRecord: (url, seq) => withClient(url, (client) => client.query('DELETE FROM decision_records WHERE seq = $1', [seq]).then(() => undefined)),
  exec: (url, sql, params = []) => withClient(url, (client) => client.query(sql, params).then(() => undefined)),
  storedText: (url) =>
    withClient(url, async (client) => {
      // Every column of every row of both tables, as the server returns them.
      const records = await client.query('SELECT * FROM decision_records ORDER BY seq');
      const head = await client.query('SELECT * FROM decision_log_head');
      return JSON.stringify([records.rows, head.rows]);
    }),
}));

describe('tollgate audit on PostgreSQL', () => {
  it('verify and export read a postgres:// store', async () => {
    const url = await cluster.createDatabase();
    const keys = mkdtempSync(join(tmpdir(), 'tollgate-pg-keys-'));
    const trustPath = join(keys, 'trusted.json');
    const store = openAuditStore(url, { writer: WriterKey.loadOrCreate(join(keys, 'writer.key'), trustPath) });
    await store.append(entry({ outcome: 'passed' }));
    await store.append(entry({ step: 'execute', outcome: 'applied' }));
    await store.close();
    const verify = await tollgate(['audit', 'verify', '--store', url, '--trusted-writers', trustPath, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, records: 2, checkpoint: { seq: 2 } });
    const exported = await tollgate(['audit', 'export', '--store', url, '--format', 'jsonl']);
    expect(
      exported.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
    ).toEqual(['passed', 'applied']);
  }, 120_000);
});
