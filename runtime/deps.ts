import { dirname, join } from 'node:path';
import type { ActionDeps, AnalysisDeps } from '../activities/deps.js';
import type { ReportSettings } from '../activities/report-activities.js';
import { jiraFromEnv } from '../activities/jira-client.js';
import { LogLevel, WebClient } from '@slack/web-api';
import { SpendLedger, SqliteResponseCache, spendLedgerPath } from '../agents/index.js';
import { checkSlackReachable, unroutedTargets, type RoutingTarget } from '../approvals/slack/routing-check.js';
import { SlackNotifier } from '../approvals/slack/slack-notifier.js';
import { loadTrustedWriters, openAuditStore, WriterKey, type AuditStore } from '../audit/index.js';
import { readOnlyView, type CloudProvider } from '../clouds/provider.js';
import { tracedCloud } from '../clouds/traced-cloud.js';
import { readTagVariants, type Provider } from '../core/index.js';
import type { OpenedClouds } from './clouds/open-clouds.js';
import { loadPolicy, type RuntimeConfig } from './config.js';
import { passkeyEnrollmentsPath, withApprovedEnrollments } from './passkey-enrollments.js';
import { billRoutingTargets, jiraTeamTargets } from './anomaly-routing-targets.js';
import { log } from './logger.js';
import { openSandbox } from './sandbox.js';

export { openSandbox } from './sandbox.js';

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

/** Without a deployment config: the sandbox estate alone, as the demo runs. */
export function sandboxClouds(config: RuntimeConfig): OpenedClouds {
  return {
    providers: new Map<Provider, CloudProvider>([['sandbox', openSandbox(config)]]),
    scopes: [{ provider: 'sandbox', label: 'sandbox estate', access: 'read-write' }],
    skipped: [],
    source: 'the built-in default (sandbox only)',
    fromFile: false,
  };
}

function providerOf(clouds: OpenedClouds, provider: Provider): CloudProvider {
  const cloud = clouds.providers.get(provider);
  if (cloud) return cloud;
  const have = [...clouds.providers.keys()].join(', ') || 'none';
  const skipped = clouds.skipped.filter((s) => s.provider === provider);
  throw new Error(
    `no ${provider} scope is open in this worker (config: ${clouds.source}; open: ${have})` +
      (skipped.length ? `; skipped at start: ${skipped.map((s) => `${s.label}: ${s.reason}`).join('; ')}` : ''),
  );
}

/** The analysis worker's world: readers only. */
export function analysisDeps(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env, clouds: OpenedClouds = sandboxClouds(config)): AnalysisDeps {
  // Passkeys admins approved by signed command join the policy's own (docs/approvals.md "Passkeys").
  const policy = withApprovedEnrollments(loadPolicy(config.policyPath), passkeyEnrollmentsPath(config, env));
  const token = env.SLACK_BOT_TOKEN;
  // With a bot token, approval requests and outcomes also go to Slack (docs/approvals.md).
  const notifier = token
    ? new SlackNotifier(new WebClient(token, env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), policy.approvals.slack)
    : undefined;
  // With JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN, anomaly alerts also open a Jira issue (docs/anomalies.md).
  const jira = jiraFromEnv(env);
  return {
    ...(notifier ? { notifier } : {}),
    ...(jira ? { jira } : {}),
    readerFor: (p) => readOnlyView(providerOf(clouds, p)),
    ...(clouds.fromFile ? { scopes: { source: clouds.source, scanned: clouds.scopes, skipped: clouds.skipped } } : {}),
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
 * may notify (the estate's owner/team tags, the policy's budgets, the owner/team tags of the bill's
 * recent lines that anomaly alerts are routed by, the teams of `anomalies.jira.teams`) has a channel, and Slack
 * accepts the token and each channel. Otherwise every approval request to that owner would fail
 * later, one workflow at a time. A Slack that cannot be reached at all is logged, not fatal:
 * posts retry, and routing was still checked against the policy.
 */
export async function checkSlackRouting(
  config: RuntimeConfig,
  env: NodeJS.ProcessEnv = process.env,
  clouds: OpenedClouds = sandboxClouds(config),
): Promise<void> {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) return;
  const policy = loadPolicy(config.policyPath);
  const routing = policy.approvals.slack;
  const targets: RoutingTarget[] = [
    ...(await Promise.all([...clouds.providers.values()].map((c) => c.listResources()))).flat().map((r) => {
      const tags = readTagVariants(r.tags, policy.tags.aliases);
      return { what: `resource ${r.id}`, owners: tags.owners, teams: tags.teams };
    }),
    // A team budget goes to the team's channel, any other budget to the default (SlackNotifier.postBudgetAlert).
    ...policy.budgets.map((b) => ({ what: `budget ${b.name}`, owners: [], teams: b.scope.dimension === 'team' ? [b.scope.key] : [] })),
    // Anomaly alerts are routed by the bill's tags (the incident's team) and reach the teams Jira names too.
    ...((await billRoutingTargets(env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'), policy.tags.aliases)) ?? []),
    ...jiraTeamTargets(policy),
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
      `SLACK_BOT_TOKEN is set, but Slack approvals and alerts cannot reach everyone (policy: ${policyFile}, clouds: ${clouds.source}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nFix the policy (docs/approvals.md, Slack routing), or unset SLACK_BOT_TOKEN to run without Slack.',
    );
  }
}

/** The actions worker's world: the mutating provider. */
export function actionDeps(config: RuntimeConfig, clouds: OpenedClouds = sandboxClouds(config)): ActionDeps {
  return {
    providerFor: (p) => tracedCloud(providerOf(clouds, p)),
    audit: openAudit(config),
    policy: withApprovedEnrollments(loadPolicy(config.policyPath), passkeyEnrollmentsPath(config)),
    clock: () => new Date().toISOString(),
    log,
  };
}

/** Where the weekly Schedule writes its report, and whether it posts to Slack. */
export function reportSettings(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env, consoleUrl?: string): ReportSettings {
  const token = env.SLACK_BOT_TOKEN;
  const channel = env.TOLLGATE_REPORT_SLACK_CHANNEL;
  return {
    ...(consoleUrl ? { consoleUrl } : {}),
    outDir: env.TOLLGATE_REPORT_DIR ?? join(config.home, 'reports'),
    warehousePath: env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'),
    ...(token && channel ? { slack: { token, channel, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) } } : {}),
  };
}
