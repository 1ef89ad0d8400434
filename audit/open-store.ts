import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PostgresAuditStore } from './postgres-store.js';
import { SqliteAuditStore } from './sqlite-store.js';
import type { AuditStore, AuditStoreOptions } from './store.js';

/**
 * Opens the decision log a URL names: `postgres://…` / `postgresql://…` for PostgreSQL,
 * anything else (a path, or `sqlite:path`) for a SQLite file, created with its folder if missing.
 */
export function openAuditStore(url: string, options: AuditStoreOptions = {}): AuditStore {
  if (/^postgres(ql)?:\/\//i.test(url)) return new PostgresAuditStore({ connectionString: url, ...options });
  const path = resolve(url.replace(/^sqlite:(\/\/)?/i, ''));
  mkdirSync(dirname(path), { recursive: true });
  return new SqliteAuditStore(path, options);
}

/** The URL with any password masked, for messages and logs. */
export function describeStoreUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}
