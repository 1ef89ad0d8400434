import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import type { BudgetPeriod } from './budget-periods.js';

/** One line of agent spend: a model call, a cache hit (free) or a call refused by a budget. */
export interface SpendEntry {
  at: string;
  agentId: string;
  model: string;
  runId: string;
  findingId: string;
  owner: string;
  budgetId: string;
  promptId: string;
  tokens: { input: number; output: number; cached: number };
  costUsd: number;
  cacheHit: boolean;
  outcome: string;
  /** `length`: cut at the output cap. */
  finishReason?: string;
  /** The tokens (and so the cost) are the worst case of a timed-out call, not the endpoint's count. */
  tokensEstimated?: boolean;
}

/** An answer that came from a template because the model's did not do. */
export interface FallbackEntry {
  at: string;
  agentId: string;
  /** The model of the last attempt. */
  model: string;
  runId: string;
  findingId: string;
  promptId: string;
  reason: string;
}

/** Per model: how its calls ended and how often the template answered instead. */
export interface ReliabilityRow {
  model: string;
  calls: number;
  valid: number;
  cut: number;
  timeout: number;
  invalid: number;
  error: number;
  fallbacks: number;
  outputTokensPerCall: number;
}

/** Budget events: an agent revoked past its limit, or re-enabled by an approver. */
export interface BudgetEvent {
  at: string;
  agentId: string;
  kind: 'revoked' | 'enabled';
  period?: BudgetPeriod;
  runId?: string;
  approver?: string;
  reason: string;
}

export interface SpendRow {
  day: string;
  agentId: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
}

/** Append-only SQLite ledger of agent spend, kept next to the audit database. */
export class SpendLedger {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS agent_spend (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, agent_id TEXT NOT NULL, model TEXT NOT NULL, run_id TEXT NOT NULL,
        finding_id TEXT NOT NULL, owner TEXT NOT NULL, budget_id TEXT NOT NULL, prompt_id TEXT NOT NULL,
        input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL, cache_hit INTEGER NOT NULL, outcome TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS agent_spend_by_agent ON agent_spend (agent_id, at);
      CREATE TABLE IF NOT EXISTS agent_budget_events (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, agent_id TEXT NOT NULL, kind TEXT NOT NULL,
        period TEXT, run_id TEXT, approver TEXT, reason TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS agent_fallbacks (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, agent_id TEXT NOT NULL, model TEXT NOT NULL, run_id TEXT NOT NULL,
        finding_id TEXT NOT NULL, prompt_id TEXT NOT NULL, reason TEXT NOT NULL);`);
    // Ledgers written before output caps lack these columns; adding them keeps every old row.
    const columns = new Set((this.db.prepare('PRAGMA table_info(agent_spend)').all() as { name: string }[]).map((c) => c.name));
    if (!columns.has('finish_reason')) this.db.exec('ALTER TABLE agent_spend ADD COLUMN finish_reason TEXT');
    if (!columns.has('tokens_estimated')) this.db.exec('ALTER TABLE agent_spend ADD COLUMN tokens_estimated INTEGER NOT NULL DEFAULT 0');
  }

  record(entry: SpendEntry): void {
    this.db
      .prepare(
        `INSERT INTO agent_spend (at, agent_id, model, run_id, finding_id, owner, budget_id, prompt_id, input_tokens, output_tokens,
           cached_tokens, cost_usd, cache_hit, outcome, finish_reason, tokens_estimated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.at,
        entry.agentId,
        entry.model,
        entry.runId,
        entry.findingId,
        entry.owner,
        entry.budgetId,
        entry.promptId,
        entry.tokens.input,
        entry.tokens.output,
        entry.tokens.cached,
        entry.costUsd,
        entry.cacheHit ? 1 : 0,
        entry.outcome,
        entry.finishReason ?? null,
        entry.tokensEstimated ? 1 : 0,
      );
  }

  recordFallback(entry: FallbackEntry): void {
    this.db
      .prepare('INSERT INTO agent_fallbacks (at, agent_id, model, run_id, finding_id, prompt_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.agentId, entry.model, entry.runId, entry.findingId, entry.promptId, entry.reason);
  }

  fallbacks(since = ''): FallbackEntry[] {
    return this.db
      .prepare(
        'SELECT at, agent_id AS agentId, model, run_id AS runId, finding_id AS findingId, prompt_id AS promptId, reason FROM agent_fallbacks WHERE at >= ? ORDER BY id',
      )
      .all(since) as FallbackEntry[];
  }

  /** How each model's calls ended since `since` (cache hits and budget refusals left out), and its fallbacks. */
  reliabilityByModel(since = ''): ReliabilityRow[] {
    const rows = this.db
      .prepare(
        `SELECT model, COUNT(*) AS calls, SUM(outcome = 'valid') AS valid, SUM(outcome = 'cut') AS cut, SUM(outcome = 'timeout') AS timeout,
           SUM(outcome = 'invalid') AS invalid, SUM(outcome IN ('error', 'too-large')) AS error,
           COALESCE(ROUND(AVG(CASE WHEN tokens_estimated = 0 THEN output_tokens END)), 0) AS outputTokensPerCall
         FROM agent_spend WHERE at >= ? AND cache_hit = 0 AND outcome NOT IN ('throttled', 'revoked') GROUP BY model ORDER BY model`,
      )
      .all(since) as Omit<ReliabilityRow, 'fallbacks'>[];
    const fallbacks = this.db.prepare('SELECT model, COUNT(*) AS n FROM agent_fallbacks WHERE at >= ? GROUP BY model').all(since) as {
      model: string;
      n: number;
    }[];
    const byModel = new Map(rows.map((r) => [r.model, { ...r, fallbacks: 0 }]));
    for (const f of fallbacks) {
      const row = byModel.get(f.model) ?? {
        model: f.model,
        calls: 0,
        valid: 0,
        cut: 0,
        timeout: 0,
        invalid: 0,
        error: 0,
        outputTokensPerCall: 0,
        fallbacks: 0,
      };
      row.fallbacks = f.n;
      byModel.set(f.model, row);
    }
    return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  }

  /** Spend of one agent at or after `since`, optionally within one run. */
  spent(agentId: string, since: string, runId?: string): number {
    const row = this.db
      .prepare(`SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM agent_spend WHERE agent_id = ? AND at >= ?${runId ? ' AND run_id = ?' : ''}`)
      .get(...(runId ? [agentId, since, runId] : [agentId, since])) as { usd: number };
    return row.usd;
  }

  addEvent(event: BudgetEvent): void {
    this.db
      .prepare('INSERT INTO agent_budget_events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.at, event.agentId, event.kind, event.period ?? null, event.runId ?? null, event.approver ?? null, event.reason);
  }

  lastEvent(agentId: string, kind: BudgetEvent['kind']): BudgetEvent | undefined {
    const row = this.db.prepare('SELECT * FROM agent_budget_events WHERE agent_id = ? AND kind = ? ORDER BY at DESC, id DESC LIMIT 1').get(agentId, kind) as
      | { at: string; agent_id: string; kind: BudgetEvent['kind']; period: BudgetPeriod | null; run_id: string | null; approver: string | null; reason: string }
      | undefined;
    if (!row) return undefined;
    return {
      at: row.at,
      agentId: row.agent_id,
      kind: row.kind,
      reason: row.reason,
      ...(row.period ? { period: row.period } : {}),
      ...(row.run_id ? { runId: row.run_id } : {}),
      ...(row.approver ? { approver: row.approver } : {}),
    };
  }

  events(): BudgetEvent[] {
    const rows = this.db
      .prepare('SELECT at, agent_id AS agentId, kind, period, run_id AS runId, approver, reason FROM agent_budget_events ORDER BY id')
      .all() as BudgetEvent[];
    return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)) as unknown as BudgetEvent);
  }

  entries(): SpendEntry[] {
    const rows = this.db.prepare('SELECT * FROM agent_spend ORDER BY id').all() as Record<string, string | number>[];
    return rows.map((r) => ({
      at: String(r.at),
      agentId: String(r.agent_id),
      model: String(r.model),
      runId: String(r.run_id),
      findingId: String(r.finding_id),
      owner: String(r.owner),
      budgetId: String(r.budget_id),
      promptId: String(r.prompt_id),
      tokens: { input: Number(r.input_tokens), output: Number(r.output_tokens), cached: Number(r.cached_tokens) },
      costUsd: Number(r.cost_usd),
      cacheHit: Number(r.cache_hit) === 1,
      outcome: String(r.outcome),
      ...(r.finish_reason ? { finishReason: String(r.finish_reason) } : {}),
      ...(Number(r.tokens_estimated) === 1 ? { tokensEstimated: true } : {}),
    }));
  }

  /** Spend per day, agent and model: what `tollgate agents spend` prints. */
  byAgentModelDay(since = ''): SpendRow[] {
    return this.db
      .prepare(
        `SELECT substr(at, 1, 10) AS day, agent_id AS agentId, model, COUNT(*) AS calls, SUM(input_tokens) AS inputTokens,
           SUM(output_tokens) AS outputTokens, SUM(cached_tokens) AS cachedTokens, SUM(cost_usd) AS costUsd
         FROM agent_spend WHERE at >= ? GROUP BY day, agent_id, model ORDER BY day, agent_id, model`,
      )
      .all(since) as SpendRow[];
  }

  close(): void {
    this.db.close();
  }
}

/** The ledger lives next to the audit database, so one backup covers both. */
export function spendLedgerPath(auditPath: string): string {
  return join(dirname(auditPath), 'agent-spend.sqlite');
}
