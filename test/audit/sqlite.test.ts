import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { auditConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-audit-sqlite-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

auditConformance('SQLite (WAL file)', () => ({
  async freshUrl() {
    return join(dir, `audit-${counter++}.sqlite`);
  },
  async rewriteRecord(url, seq, rewrite) {
    const db = new Database(url);
    const row = db.prepare('SELECT record FROM decision_records WHERE seq = ?').get(seq) as { record: string };
    db.prepare('UPDATE decision_records SET record = ? WHERE seq = ?').run(JSON.stringify(rewrite(JSON.parse(row.record) as Record<string, unknown>)), seq);
    db.close();
  },
  async deleteRecord(url, seq) {
    const db = new Database(url);
    db.prepare('DELETE FROM decision_records WHERE seq = ?').run(seq);
    db.close();
  },
  async exec(url, sql, params = []) {
    const db = new Database(url);
    // better-sqlite3 binds anonymous ? in order: $n become ? with their values in order of appearance.
    const ordered = [...sql.matchAll(/\$(\d+)/g)].map((m) => params[Number(m[1]) - 1]);
    db.prepare(sql.replace(/\$\d+/g, '?')).run(...ordered);
    db.close();
  },
  async storedText(url) {
    // The database file and its write-ahead log: a secret in either would be on disk.
    return [url, `${url}-wal`]
      .filter(existsSync)
      .map((file) => readFileSync(file).toString('latin1'))
      .join('\n');
  },
}));
