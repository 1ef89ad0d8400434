import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readOnlyView } from '../clouds/provider.js';
import type { ConsoleDeps } from '../console/deps.js';
import { PasskeyEnrollmentStore } from '../approvals/passkeys/enrollment.js';
import { policyPasskeys } from '../console/passkeys.js';
import type { EnrolledPasskey } from '../core/index.js';
import { passkeyEnrollmentsPath, withApprovedEnrollments } from './passkey-enrollments.js';
import { createConsoleServer } from '../console/server.js';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SpendLedger, spendLedgerPath } from '../agents/index.js';
import { gatherWeeklyReport } from '../activities/weekly-report.js';
import type { AuditStore } from '../audit/index.js';
import { reportWindow, type WeeklyReportData } from '../reports/index.js';
import type { Policy } from '../guardrails/index.js';
import { loadPolicy, type RuntimeConfig } from './config.js';
import { openAudit } from './deps.js';
import { log } from './logger.js';
import { openConfiguredClouds } from './open-configured-clouds.js';
import { connectClient } from './temporal.js';

export interface ConsoleOptions {
  host: string;
  port: number;
  /** tollgate.yaml: the clouds whose tags (env, owner, team) the queue shows; read-only credentials. */
  configPath?: string;
  /** Where TOLLGATE_CONFIG and cloud credentials are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningConsole {
  /** What to open in a browser: http://localhost:PORT (passkeys need a host name, never an IP). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The WebAuthn relying party is the host name the browser uses. A loopback bind is served as
 * "localhost" (IP addresses are not valid rp ids); any other host is used as given.
 */
export function consoleOrigin(host: string, port: number): { rpId: string; origin: string } {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const rpId = loopback ? 'localhost' : host;
  return { rpId, origin: `http://${rpId}:${port}` };
}

/** Listens, then names the origin from the port actually bound (port 0 picks a free one). */
export async function listenConsole(build: (origin: { rpId: string; origin: string }) => ConsoleDeps, host: string, port: number): Promise<RunningConsole> {
  const made: { deps?: ConsoleDeps } = {};
  const server = createConsoleServerLazily(() => made.deps!);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const origin = consoleOrigin(host, bound);
  made.deps = build(origin);
  return {
    url: `${origin.origin}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The server needs its origin, which needs the bound port: the handler is made on the first request, after listen. */
function createConsoleServerLazily(deps: () => ConsoleDeps): Server {
  let inner: Server | undefined;
  return createServer((req, res) => {
    inner ??= createConsoleServer(deps());
    inner.emit('request', req, res);
  });
}

/** `tollgate serve`: Temporal, the audit log, the policy and read-only clouds, behind the console. */
export async function startConsole(config: RuntimeConfig, options: ConsoleOptions): Promise<RunningConsole> {
  const [client, clouds] = await Promise.all([connectClient(config), openConfiguredClouds(config, 'analysis', options.configPath, options.env)]);
  const audit = openAudit(config);
  const policyFile = reloadingPolicy(config.policyPath);
  const enrollments = passkeyEnrollmentsPath(config, options.env);
  // The policy's passkeys plus those admins approved with a signed command (read per request: a new approval counts at once).
  const policy = () => withApprovedEnrollments(policyFile(), enrollments);
  const fileEnrollment = (approver: string, passkey: EnrolledPasskey) => {
    const store = new PasskeyEnrollmentStore(enrollments);
    try {
      return store.request(approver, passkey, new Date().toISOString()).id;
    } finally {
      store.close();
    }
  };
  const weeklyReport = weeklyReportSource({
    warehousePath: () => options.env?.TOLLGATE_DB ?? process.env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'),
    audit,
    policy,
    ledgerPath: spendLedgerPath(config.auditPath),
  });
  const running = await listenConsole(
    ({ rpId, origin }) => ({
      client,
      audit,
      policy,
      weeklyReport,
      tagsOf: async (provider, resourceId) => {
        const cloud = clouds.providers.get(provider);
        return cloud ? (await readOnlyView(cloud).getResource(resourceId)).tags : undefined;
      },
      passkeys: policyPasskeys(policy, { rpId, origin }, fileEnrollment),
      rpId,
      origin,
      onError: (error) => log.error({ err: error }, 'console request failed'),
    }),
    options.host,
    options.port,
  );
  return {
    ...running,
    async close() {
      await running.close();
      await audit.close();
      await client.connection.close();
    },
  };
}

export interface WeeklyReportSources {
  /** Read per request: the warehouse may be created after the console starts (first ingest). */
  warehousePath: () => string;
  audit: AuditStore;
  policy: () => Policy;
  /** The agents' spend ledger, opened per request when it exists (the model-spend chart). */
  ledgerPath?: string;
  now?: () => Date;
}

/**
 * The console's /dashboards and /reports/weekly read what the weekly Schedule reads
 * (activities/weekly-report.ts), wired here because console/ may not import activities/.
 */
export function weeklyReportSource(sources: WeeklyReportSources): (weekEnding: string | undefined) => Promise<WeeklyReportData> {
  return async (weekEnding) => {
    const ledger = sources.ledgerPath && existsSync(sources.ledgerPath) ? new SpendLedger(sources.ledgerPath) : undefined;
    try {
      const { data } = await gatherWeeklyReport({
        warehousePath: sources.warehousePath(),
        audit: sources.audit,
        policy: sources.policy(),
        // Said the console's way: the address's ?weekEnding=, not the CLI's --week-ending.
        ...(weekEnding ? { window: reportWindow(weekEnding, consoleWindowSentence(weekEnding)) } : {}),
        ...(ledger ? { ledger } : {}),
        ...(sources.now ? { now: sources.now } : {}),
      });
      return data;
    } finally {
      ledger?.close();
    }
  };
}

function consoleWindowSentence(weekEnding: string): string {
  const day = (offset: number) => new Date(Date.parse(`${weekEnding}T00:00:00.000Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return `${day(-7)} to ${day(-1)}: the seven days before ${weekEnding}, as asked (?weekEnding=${weekEnding}).`;
}

/**
 * The policy, read again when its file changes: an admin approves a passkey by listing it there,
 * and sign-in should not wait for a restart. A file that no longer parses keeps the last good one.
 */
export function reloadingPolicy(
  path: string | undefined,
  onError: (error: Error) => void = (error) => log.error({ err: error }, 'policy not reloaded'),
): () => Policy {
  let current = loadPolicy(path);
  let stamp = path ? statSync(path).mtimeMs : 0;
  return () => {
    if (!path) return current;
    const now = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? stamp;
    if (now !== stamp) {
      stamp = now;
      try {
        current = loadPolicy(path);
      } catch (error) {
        onError(error as Error);
      }
    }
    return current;
  };
}
