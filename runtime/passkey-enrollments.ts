import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { approvedPasskeys, PasskeyEnrollmentStore } from '../approvals/passkeys/enrollment.js';
import { policyWithPasskeys, type Policy } from '../guardrails/index.js';
import type { RuntimeConfig } from './config.js';

/** The passkey enrollment store: $TOLLGATE_PASSKEY_ENROLLMENTS, else under home. */
export function passkeyEnrollmentsPath(config: Pick<RuntimeConfig, 'home'>, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.TOLLGATE_PASSKEY_ENROLLMENTS ?? join(config.home, 'passkey-enrollments.sqlite'));
}

/**
 * The policy plus the passkeys admins approved with a signed command, each admin signature
 * checked against this policy. Read when a worker or command starts, like the policy file.
 */
export function withApprovedEnrollments(policy: Policy, path: string): Policy {
  if (!existsSync(path)) return policy;
  const store = new PasskeyEnrollmentStore(path);
  try {
    return policyWithPasskeys(policy, approvedPasskeys(store.list('approved'), policy));
  } finally {
    store.close();
  }
}
