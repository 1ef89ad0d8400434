import Database from 'better-sqlite3';
import { digestOf } from '../core/index.js';

/** What makes two calls the same question: the prompt's version, the model and the exact input. */
export interface CacheKeyParts {
  promptId: string;
  promptVersion: string;
  model: string;
  inputDigest: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  return digestOf(parts);
}

/** Only validated answers are stored, so a hit never needs a repair. */
export interface ResponseCache {
  get(key: string): string | undefined;
  put(key: string, parts: CacheKeyParts, content: string, at: string): void;
}

export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, string>();
  get(key: string): string | undefined {
    return this.entries.get(key);
  }
  put(key: string, _parts: CacheKeyParts, content: string): void {
    this.entries.set(key, content);
  }
}

/** A SQLite file, so answers survive worker restarts and are shared by the workers on a host. */
export class SqliteResponseCache implements ResponseCache {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS llm_response_cache (
      key TEXT PRIMARY KEY, prompt_id TEXT NOT NULL, prompt_version TEXT NOT NULL, model TEXT NOT NULL,
      input_digest TEXT NOT NULL, content TEXT NOT NULL, stored_at TEXT NOT NULL)`);
  }

  get(key: string): string | undefined {
    const row = this.db.prepare('SELECT content FROM llm_response_cache WHERE key = ?').get(key) as { content: string } | undefined;
    return row?.content;
  }

  put(key: string, parts: CacheKeyParts, content: string, at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO llm_response_cache VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key, parts.promptId, parts.promptVersion, parts.model, parts.inputDigest, content, at);
  }

  close(): void {
    this.db.close();
  }
}
