import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresAuditStore, SqliteAuditStore } from '../../audit/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { openAudit } from '../../runtime/deps.js';

describe('one audit store for the workers and every command', () => {
  it('is the SQLite file under TOLLGATE_HOME by default', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tollgate-home-'));
    const store = openAudit(runtimeConfig({ TOLLGATE_HOME: home }));
    try {
      expect(store).toBeInstanceOf(SqliteAuditStore);
      expect(existsSync(join(home, 'audit.sqlite'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('is TOLLGATE_AUDIT_STORE when set, PostgreSQL included, so workers write where `tollgate audit` and `offhours` read', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tollgate-home-'));
    const config = runtimeConfig({ TOLLGATE_HOME: home, TOLLGATE_AUDIT_STORE: 'postgres://tollgate@127.0.0.1:1/audit' });
    expect(config.auditStore).toBe('postgres://tollgate@127.0.0.1:1/audit');
    const store = openAudit(config);
    // Nothing connects until the first read or write.
    expect(store).toBeInstanceOf(PostgresAuditStore);
    expect(existsSync(join(home, 'audit.sqlite'))).toBe(false);
    await store.close();
  });
});
