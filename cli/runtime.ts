import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionDeps, AnalysisDeps } from '../activities/deps.js';
import type { ReportSettings } from '../activities/report-activities.js';
import { LogLevel, WebClient } from '@slack/web-api';
import { SpendLedger, SqliteResponseCache, spendLedgerPath } from '../agents/index.js';
import { checkSlackReachable, unroutedTargets, type RoutingTarget } from '../approvals/slack/routing-check.js';
import { SlackNotifier } from '../approvals/slack/slack-notifier.js';
import { loadTrustedWriters, openAuditStore, WriterKey, type AuditStore } from '../audit/index.js';
import { readOnlyView, type CloudProvider } from '../clouds/provider.js';
import { parseEstate } from '../clouds/sandbox/estate.js';
import { tracedCloud } from '../clouds/traced-cloud.js';
import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';
import { readTagVariants, type Provider } from '../core/index.js';
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

/**
 * With SLACK_BOT_TOKEN set, the analysis worker refuses to start unless every owner and team it
 * may notify (the estate's owner/team tags, the policy's budgets) has a channel, and Slack
 * accepts the token and each channel. Otherwise every approval request to that owner would fail
 * later, one workflow at a time. A Slack that cannot be reached at all is logged, not fatal:
 * posts retry, and routing was still checked against the policy.
 */
export async function checkSlackRouting(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) return;
  const policy = loadPolicy(config.policyPath);
  const routing = policy.approvals.slack;
  const targets: RoutingTarget[] = [
    ...(await openSandbox(config).listResources()).map((r) => {
      const tags = readTagVariants(r.tags, policy.tags.aliases);
      return { what: `resource ${r.id}`, owners: tags.owners, teams: tags.teams };
    }),
    // A team budget goes to the team's channel, any other budget to the default (SlackNotifier.postBudgetAlert).
    ...policy.budgets.map((b) => ({ what: `budget ${b.name}`, owners: [], teams: b.scope.dimension === 'team' ? [b.scope.key] : [] })),
  ];
  const problems = unroutedTargets(routing, targets);
  const client = new WebClient(token, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    timeout: 10_000,
  });
  const api = await checkSlackReachable(client, routing);
  if (api.reachable) problems.push(...api.problems);
  else log.warn({ reason: api.reason }, 'Slack Web API not reachable at worker start; channels not checked, posts will retry');
  if (problems.length > 0) {
    const policyFile = config.policyPath ?? 'the built-in default policy (set TOLLGATE_POLICY to a file)';
    throw new Error(
      `SLACK_BOT_TOKEN is set, but Slack approvals cannot reach everyone (policy: ${policyFile}, estate: ${config.estatePath}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nFix the policy (docs/approvals.md, Slack routing), or unset SLACK_BOT_TOKEN to run without Slack.',
    );
  }
}

/** The actions worker's world: the mutating provider. */
export function actionDeps(config: RuntimeConfig): ActionDeps {
  const cloud = openSandbox(config);
  return {
    providerFor: (p) => tracedCloud(only(p, cloud)),
    audit: openAudit(config),
    policy: loadPolicy(config.policyPath),
    clock: () => new Date().toISOString(),
    log,
  };
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
