import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionDeps, AnalysisDeps } from '../activities/deps.js';
import type { ReportSettings } from '../activities/report-activities.js';
import { WebClient } from '@slack/web-api';
import { SpendLedger, SqliteResponseCache, spendLedgerPath } from '../agents/index.js';
import { SlackNotifier } from '../approvals/slack/slack-notifier.js';
import { loadTrustedWriters, openAuditStore, WriterKey, type AuditStore } from '../audit/index.js';
import { readOnlyView, type CloudProvider } from '../clouds/provider.js';
import { parseEstate } from '../clouds/sandbox/estate.js';
import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';
import type { Provider } from '../core/index.js';
import { loadPolicy, type RuntimeConfig } from './config.js';
import { log } from './logger.js';

export function openSandbox(config: RuntimeConfig): SandboxCloud {
  mkdirSync(dirname(config.statePath), { recursive: true });
  return new SandboxCloud(parseEstate(readFileSync(config.estatePath, 'utf8'), config.estatePath), { statePath: config.statePath });
}

/**
 * The one audit store of this installation, for workers and commands alike. Its writer key is
 * made on the first append (a new key joins the trusted-writers file: trust on first use).
 */
export function openAudit(config: RuntimeConfig, store: string = config.auditStore): AuditStore {
  return openAuditStore(store, {
    writer: () => WriterKey.loadOrCreate(config.auditWriterKeyPath, config.auditTrustedWritersPath),
    trusted: () => loadTrustedWriters(config.auditTrustedWritersPath),
  });
}

function only(provider: Provider, cloud: CloudProvider): CloudProvider {
  if (provider !== cloud.provider) throw new Error(`no ${provider} provider is configured; this worker has ${cloud.provider}`);
  return cloud;
}

/** The analysis worker's world: readers only. */
export function analysisDeps(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env): AnalysisDeps {
  const cloud = openSandbox(config);
  const policy = loadPolicy(config.policyPath);
  const token = env.SLACK_BOT_TOKEN;
  // With a bot token, approval requests and outcomes also go to Slack (docs/approvals.md).
  const notifier = token
    ? new SlackNotifier(new WebClient(token, env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), policy.approvals.slack)
    : undefined;
  return {
    ...(notifier ? { notifier } : {}),
    readerFor: (p) => readOnlyView(only(p, cloud)),
    // The daily run's budget alerts read spend from the same warehouse as the weekly report.
    warehousePath: env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'),
    audit: openAudit(config),
    policy,
    llm: config.llm,
    agents: {
      ledger: new SpendLedger(spendLedgerPath(config.auditPath)),
      cache: new SqliteResponseCache(join(dirname(config.auditPath), 'llm-response-cache.sqlite')),
    },
    clock: () => new Date().toISOString(),
    log,
  };
}

/** The actions worker's world: the mutating provider. */
export function actionDeps(config: RuntimeConfig): ActionDeps {
  const cloud = openSandbox(config);
  return { providerFor: (p) => only(p, cloud), audit: openAudit(config), policy: loadPolicy(config.policyPath), clock: () => new Date().toISOString(), log };
}

/** Where the weekly Schedule writes its report, and whether it posts to Slack. */
export function reportSettings(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env): ReportSettings {
  const token = env.SLACK_BOT_TOKEN;
  const channel = env.TOLLGATE_REPORT_SLACK_CHANNEL;
  return {
    outDir: env.TOLLGATE_REPORT_DIR ?? join(config.home, 'reports'),
    warehousePath: env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'),
    ...(token && channel ? { slack: { token, channel, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) } } : {}),
  };
}
