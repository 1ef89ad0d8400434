import type { Client } from '@temporalio/client';
import type { AuditStore } from '../audit/index.js';
import type { Provider } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import type { WeeklyReportData } from '../reports/index.js';
import type { ConsolePasskeys } from './passkeys.js';

/** What `tollgate serve` hands the console; runtime/console.ts builds it from tollgate.yaml and the environment. */
export interface ConsoleDeps {
  client: Client;
  audit: Pick<AuditStore, 'records'>;
  /** Read on every request, so a policy reloaded by the caller takes effect. */
  policy: () => Policy;
  /** The resource's tags (env, owner, team) for triage; absent when no cloud is readable from here. */
  tagsOf?: (provider: Provider, resourceId: string) => Promise<Readonly<Record<string, string>> | undefined>;
  passkeys: ConsolePasskeys;
  /** WebAuthn relying party: the host name the browser sees ("localhost"; never an IP address). */
  rpId: string;
  /** The exact origin browsers use, e.g. http://localhost:8787: assertions and POSTs must come from it. */
  origin: string;
  /**
   * The weekly report's data for the seven days before `weekEnding` (YYYY-MM-DD, already
   * validated), or for the default window ending today; runtime/ gathers it from the warehouse,
   * the audit log and the spend ledger. Absent: /dashboards and /reports/weekly say so.
   */
  weeklyReport?: (weekEnding: string | undefined) => Promise<WeeklyReportData>;
  now?: () => number;
  onError?: (error: unknown) => void;
}
