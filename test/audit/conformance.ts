import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openAuditStore, recordHash, trustedWriters, WriterKey, type AuditStore } from '../../audit/index.js';
import { GENESIS_HASH, type DecisionRecord } from '../../core/index.js';
import { entry } from './entries.js';
import { tamperSuite } from './tamper-suite.js';

/** What a backend offers the shared suite beyond the AuditStore interface. */
export interface AuditBackend {
  /** A store URL naming a fresh, empty log. */
  freshUrl(): Promise<string>;
  /** Rewrites the stored JSON of one record behind the store's back, as an attacker with DB access could. */
  rewriteRecord(url: string, seq: number, rewrite: (record: Record<string, unknown>) => Record<string, unknown>): Promise<void>;
  deleteRecord(url: string, seq: number): Promise<void>;
  /** Everything the backend persisted, as text, to search for leaked secrets. */
  storedText(url: string): Promise<string>;
  /** Runs SQL behind the store's back; parameters are $1, $2, … in the order they appear. */
  exec(url: string, sql: string, params?: unknown[]): Promise<void>;
}

function recordHashFor(record: Record<string, unknown> | DecisionRecord): string {
  const { hash: _hash, ...rest } = record as DecisionRecord;
  return recordHash(rest, null);
}

const WRITER = fileURLToPath(new URL('./concurrent-writer.ts', import.meta.url));

/** The AuditStore contract; SQLite and PostgreSQL both run it (sqlite.test.ts, postgres.test.ts). */
export function auditConformance(name: string, backend: () => AuditBackend): void {
  describe(`AuditStore conformance: ${name}`, () => {
    const writer = WriterKey.generate();
    async function withStore<T>(work: (store: AuditStore, url: string) => Promise<T>): Promise<T> {
      const url = await backend().freshUrl();
      const store = openAuditStore(url, { writer });
      try {
        return await work(store, url);
      } finally {
        await store.close();
      }
    }

    it('chains each record to the previous hash and survives reopening', async () => {
      await withStore(async (store, url) => {
        const a = await store.append(entry({ step: 'enrich' }));
        const b = await store.append(entry({ step: 'propose' }));
        const c = await store.append(entry({ step: 'check' }));
        expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
        expect(a.prevHash).toBe(GENESIS_HASH);
        expect(b.prevHash).toBe(a.hash);
        expect(c.prevHash).toBe(b.hash);
        expect(recordHashFor(b)).toBe(b.hash);
        await store.close();
        const reopened = openAuditStore(url, { trusted: trustedWriters([writer]) });
        try {
          expect((await reopened.records()).map((r) => r.step)).toEqual(['enrich', 'propose', 'check']);
          expect(await reopened.verify()).toEqual({ ok: true, records: 3, head: c.hash, checkpoint: { seq: 3, keyId: writer.keyId, at: expect.any(String) } });
        } finally {
          await reopened.close();
        }
      });
    });

    it('names the first altered record when content is changed behind its back', async () => {
      await withStore(async (store, url) => {
        for (const outcome of ['passed', 'approved', 'applied', 'healthy']) await store.append(entry({ outcome }));
        await backend().rewriteRecord(url, 2, (r) => ({ ...r, outcome: 'rejected' }));
        const result = await store.verify();
        expect(result).toMatchObject({ ok: false, firstBadSeq: 2 });
        expect(result.ok ? '' : result.reason).toMatch(/altered/);
      });
    });

    it('names the record when a rewrite recomputes the hash inside its JSON', async () => {
      await withStore(async (store, url) => {
        for (const outcome of ['passed', 'approved', 'applied', 'healthy']) await store.append(entry({ outcome }));
        await backend().rewriteRecord(url, 2, (r) => {
          const forged = { ...r, outcome: 'approved by nobody' };
          return { ...forged, hash: recordHashFor(forged) };
        });
        // The hash column still holds the signed hash, so the row itself no longer agrees with its JSON.
        expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: expect.stringMatching(/column hash .* the row was altered/) });
      });
    });

    it('names the gap when a record is deleted', async () => {
      await withStore(async (store, url) => {
        for (let i = 0; i < 4; i++) await store.append(entry());
        await backend().deleteRecord(url, 3);
        expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringMatching(/expected seq 3/) });
      });
    });

    it('is idempotent on the key: a retried step gets the first record back', async () => {
      await withStore(async (store) => {
        const first = await store.append(entry({ outcome: 'approved' }), 'wf-1:approve:alice');
        const retry = await store.append(entry({ outcome: 'approved', at: '2025-03-03T10:05:00.000Z' }), 'wf-1:approve:alice');
        const other = await store.append(entry({ outcome: 'approved' }), 'wf-1:approve:bob');
        expect(retry).toEqual(first);
        expect(other.seq).toBe(2);
        expect(await store.records()).toHaveLength(2);
      });
    });

    it('filters by workflow and by finding, in sequence order', async () => {
      await withStore(async (store) => {
        await store.append(entry({ workflowId: 'wf-a', findingId: 'f-1', step: 'check' }));
        await store.append(entry({ workflowId: 'wf-b', findingId: 'f-2', step: 'check' }));
        await store.append(entry({ workflowId: 'wf-a', findingId: 'f-1', step: 'approve' }));
        await store.append(entry({ workflowId: 'wf-c', findingId: 'f-1', step: 'check' }));
        expect((await store.records({ workflowId: 'wf-a' })).map((r) => [r.seq, r.step])).toEqual([
          [1, 'check'],
          [3, 'approve'],
        ]);
        expect((await store.records({ findingId: 'f-1' })).map((r) => r.seq)).toEqual([1, 3, 4]);
        expect((await store.records({ workflowId: 'wf-c', findingId: 'f-1' })).map((r) => r.seq)).toEqual([4]);
        expect(await store.records({ workflowId: 'nope' })).toEqual([]);
      });
    });

    it('filters by workflow id prefix and step: the model calls of one run, wildcard characters taken literally', async () => {
      await withStore(async (store) => {
        const ids = ['run_1%-i-a', 'run_1%-i-b', 'run_1%', 'run_12-i-c', 'run_1x-i-d', 'run_1%-ü', 'other-run_1%'];
        for (const workflowId of ids) await store.append(entry({ workflowId, step: 'enrich' }));
        await store.append(entry({ workflowId: 'run_1%-i-a', step: 'propose' }));
        const inRun = await store.records({ workflowIdPrefix: 'run_1%', step: 'enrich' });
        expect(inRun.map((r) => r.workflowId)).toEqual(['run_1%-i-a', 'run_1%-i-b', 'run_1%', 'run_1%-ü']);
        expect((await store.records({ workflowIdPrefix: 'run_1%' })).map((r) => r.seq)).toEqual([1, 2, 3, 6, 8]);
        expect(await store.records({ workflowIdPrefix: 'run_1%-z' })).toEqual([]);
      });
    });

    it('keeps one chain when two stores on the same log append at once', async () => {
      await withStore(async (store, url) => {
        const secondKey = WriterKey.generate();
        const second = openAuditStore(url, { writer: secondKey });
        try {
          await Promise.all([
            ...Array.from({ length: 20 }, (_, i) => store.append(entry({ outcome: `first #${i}` }))),
            ...Array.from({ length: 20 }, (_, i) => second.append(entry({ outcome: `second #${i}` }))),
          ]);
        } finally {
          await second.close();
        }
        // Each writer signs its own appends: verify trusts both keys, and with only one it names the other's first checkpoint.
        expect(await store.verify({ trusted: trustedWriters([writer, secondKey]) })).toMatchObject({ ok: true, records: 40 });
        expect(await store.verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/not a trusted writer key/) });
      });
    });

    it('keeps one valid chain when two processes append at once, and shared keys land once', async () => {
      await withStore(async (store, url) => {
        const keys = await runWritersTogether(url, ['left', 'right'], 30, 10);
        const records = await store.records();
        expect(await store.verify({ trusted: trustedWriters(keys.map((publicKey) => ({ publicKey }))) })).toMatchObject({
          ok: true,
          records: 70,
          head: records.at(-1)!.hash,
        });
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
        const shared = records.filter((r) => r.workflowId === 'wf-shared');
        expect(shared).toHaveLength(10);
        // Interleaving shows the writers really overlapped rather than ran one after the other.
        const writers = records.filter((r) => r.workflowId !== 'wf-shared').map((r) => r.workflowId);
        const switches = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
        expect(switches).toBeGreaterThan(1);
      });
    }, 60_000);

    it('never stores a planted secret: API key, password field, bearer token, AWS key', async () => {
      const secrets = {
        apiKey: 'sk-live-4f9a8b7c6d5e4f3a2b1c',
        password: 'correct-horse-battery-staple',
        bearer: 'eyJhbGciOiJIUzI1NiJ9.payload.signature',
        awsKey: 'AKIAIOSFODNN7EXAMPLE',
        awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      };
      await withStore(async (store, url) => {
        await store.append(
          entry({
            // detect keeps its evidence as given: free-form text and nested keys, where secrets hide.
            step: 'detect',
            input: { digest: 'e'.repeat(64), summary: `called the API with Authorization: Bearer ${secrets.bearer}` },
            output: {
              config: { api_key: secrets.apiKey, password: secrets.password, aws_secret_access_key: secrets.awsSecret },
              note: `credentials ${secrets.awsKey} and ${secrets.apiKey} were in a tag`,
              headers: [{ Authorization: `Bearer ${secrets.bearer}` }],
            },
            outcome: `error: login failed for token ${secrets.apiKey}`,
          }),
        );
        const stored = await backend().storedText(url);
        expect(stored).toContain('[redacted]');
        for (const [kind, secret] of Object.entries(secrets)) expect(stored, `${kind} leaked`).not.toContain(secret);
        expect(await store.verify()).toMatchObject({ ok: true, records: 1 });
      });
    });

    tamperSuite(backend);
  });
}

/** Starts the writer processes, waits until each has opened the store, then releases them at once; resolves with their public keys. */
async function runWritersTogether(url: string, writers: string[], count: number, shared: number): Promise<string[]> {
  const children = writers.map((writer) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, url, writer, String(count), String(shared)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`))));
    });
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const key = /ready (\S+)/.exec(chunk.toString())?.[1];
        if (key) resolve(key);
      });
      exited.catch(reject);
    });
    return { child, ready, exited };
  });
  const keys = await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.write('go\n');
  await Promise.all(children.map((c) => c.exited));
  return keys;
}
