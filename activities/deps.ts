import type { Logger } from 'pino';
import type { AgentsConfig, ResponseCache, SpendLedger } from '../agents/index.js';
import type { AuditStore } from '../audit/index.js';
import type { CloudProvider, CloudReader } from '../clouds/provider.js';
import type { Provider } from '../core/index.js';
import type { ScanThreading } from '../detect/anomaly/index.js';
import type { Policy } from '../guardrails/index.js';
import type { JiraClient } from './jira-client.js';
import type { Notifier } from './notifier.js';
import type { ReadOnlyCostQuery } from '../tools/cost-query.js';

/** What the read-only analysis worker gets: clouds as readers only. */
export interface AnalysisDeps {
  readerFor: (provider: Provider) => CloudReader;
  audit: AuditStore;
  policy: Policy;
  llm: AgentsConfig;
  /** Spend ledger (budgets) and response cache shared by every agent call of this worker. */
  agents?: { ledger?: SpendLedger; cache?: ResponseCache };
  /** Posts approval requests, outcomes and budget alerts (Slack); absent: the Temporal UI, CLI and audit log are the channel. */
  notifier?: Notifier;
  /** Opens an issue per anomaly alert (Jira Cloud REST v3); absent: alerts go to Slack and the audit log only. */
  jira?: JiraClient | undefined;
  /** The DuckDB warehouse the daily run reads budgets' spend from; absent or missing: no budget alerts. */
  warehousePath?: string;
  /** Read-only cost breakdown from the warehouse, when one is configured. */
  costs?: ReadOnlyCostQuery;
  /** The scopes this worker reads and those it skipped at start (runtime/, tollgate.yaml); each run records them. */
  scopes?: ScopeReport;
  clock: () => string;
  log: Logger;
  /** Worker threads for the anomaly series scan (detectIncidentsOnThreads); absent: one per core, small warehouses in-process. */
  detectThreading?: ScanThreading;
}

/** Which configured scopes a worker uses, and which it could not open and why. */
export interface ScopeReport {
  source: string;
  scanned: { provider: Provider; label: string; access: 'read-write' | 'read-only' }[];
  skipped: { provider: Provider; label: string; reason: string }[];
}

/** What the actions worker gets: the only place a CloudProvider (with mutations) is handed out. */
export interface ActionDeps {
  providerFor: (provider: Provider) => CloudProvider;
  audit: AuditStore;
  policy: Policy;
  clock: () => string;
  log: Logger;
}
