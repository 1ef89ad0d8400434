import type { ConsolePasskeys } from '../console/passkeys.js';
import type { RuntimeConfig } from './config.js';

/** Passkey enrollment for the console: wired to approvals/passkeys/ once it lands. */
export function consolePasskeys(config: RuntimeConfig): ConsolePasskeys {
  const missing = () => Promise.reject(new Error(`passkey enrollment is not available in this build (home ${config.home})`));
  return { approvedPasskeys: async () => [], registeredIds: async () => [], registrationOptions: missing, enroll: missing };
}
