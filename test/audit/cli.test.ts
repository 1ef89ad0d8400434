import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore, WriterKey } from '../../audit/index.js';
import { tollgate } from './cli-support.js';
import { entry } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyPath = join(dir, 'keys', 'audit-writer.key');
const trustPath = join(dir, 'keys', 'audit-trusted-writers.json');

async function seeded(name: string): Promise<string> {
  const path = join(dir, name);
  const store = openAuditStore(path, { writer: () => WriterKey.loadOrCreate(keyPath, trustPath) });
  await store.append(entry({ step: 'check', outcome: 'blocked: savings $4, below the $10 minimum' }));
  await store.append(entry({ step: 'approve', actor: { kind: 'human', id: 'approver@example.com' }, outcome: 'rejected: "not now", says ops' }));
  await store.close();
  return path;
}

describe('tollgate audit', () => {
  it('exports JSON lines and CSV that a spreadsheet reads back', async () => {
    const path = await seeded('export.sqlite');
    const jsonl = await tollgate(['audit', 'export', '--store', path]);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; step: string });
    expect(lines.map((l) => [l.seq, l.step])).toEqual([
      [1, 'check'],
      [2, 'approve'],
    ]);

    const out = join(dir, 'export.csv');
    const csv = await tollgate(['audit', 'export', '--store', path, '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^seq,id,at,workflowId,findingId,step,actorKind,actorId,/);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('"blocked: savings $4, below the $10 minimum"');
    expect(rows[2]).toContain('"rejected: ""not now"", says ops"');
  }, 120_000);

  it('verify exits 0 on an intact log and 1 naming the first bad seq after tampering', async () => {
    const path = await seeded('verify.sqlite');
    const intact = await tollgate(['audit', 'verify', '--store', path, '--trusted-writers', trustPath, '--json']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, records: 2, checkpoint: { seq: 2 } });
    // The writer key is private to its owner, and its public half is what the trust file lists.
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(trustPath, 'utf8'))).toMatchObject({ writers: [{ keyId: WriterKey.loadOrCreate(keyPath).keyId }] });
    // Trusting nobody proves nothing: verify says whose signature it could not trust.
    const untrusted = await tollgate(['audit', 'verify', '--store', path, '--trusted-writers', join(dir, 'nobody.json')]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/not a trusted writer key \(no trusted writer keys are configured\)/);

    const db = new Database(path);
    db.prepare("UPDATE decision_records SET record = replace(record, 'rejected', 'approved') WHERE seq = 2").run();
    db.close();
    const broken = await tollgate(['audit', 'verify', '--store', path, '--trusted-writers', trustPath]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at seq 2/);
  }, 120_000);

  it('verify names a cut tail', async () => {
    const path = await seeded('tail.sqlite');
    const db = new Database(path);
    db.prepare('DELETE FROM decision_records WHERE seq = 2').run();
    db.close();
    const cut = await tollgate(['audit', 'verify', '--store', path, '--trusted-writers', trustPath]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('BROKEN at seq 2: records after seq 1 are missing: the last checkpoint covers seq 2');
  }, 120_000);

  it('refuses an unknown export format with the allowed ones', async () => {
    const result = await tollgate(['audit', 'export', '--store', join(dir, 'empty.sqlite'), '--format', 'xml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/jsonl or csv/);
  }, 120_000);
});
