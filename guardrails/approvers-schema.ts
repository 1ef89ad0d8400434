import { z } from 'zod';
import { EnrolledPasskeySchema, parseSshPublicKey, type EnrolledPasskey } from '../core/index.js';

/** One `ssh-ed25519 AAAA… comment` line, checked at load so a pasted-wrong key fails there. */
export const SshPublicKeySchema = z.string().superRefine((line, ctx) => {
  try {
    parseSshPublicKey(line);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not an ssh-ed25519 public key (${(error as Error).message}); paste the one line of your .pub file` });
  }
});

/**
 * An approver: `id: role` (no key: their approvals count only where the policy allows unsigned
 * ones) or `id: {role, keys: [ssh-ed25519 …], passkeys: [{credentialId, publicKey, rpId}]}`.
 * All read as {role, keys, passkeys?}. A passkey listed here is one an admin approved by editing the policy.
 */
export const ApproverEntrySchema = z
  .union(
    [
      z.string().min(1),
      z.object({ role: z.string().min(1), keys: z.array(SshPublicKeySchema).default([]), passkeys: z.array(EnrolledPasskeySchema).optional() }).strict(),
    ],
    // passkeys are optional and documented in docs/approvals.md; the short form keeps the message readable.
    { error: 'expected a role, or {role, keys: ["ssh-ed25519 …"], passkeys: [{credentialId, publicKey, rpId}]}' },
  )
  .transform((entry): { role: string; keys: string[]; passkeys?: EnrolledPasskey[] } => (typeof entry === 'string' ? { role: entry, keys: [] } : entry));
export type ApproverEntry = z.output<typeof ApproverEntrySchema>;

/**
 * The console's relying party for passkeys, and who may approve a passkey enrollment with a
 * signed CLI command (`tollgate approvals passkeys approve`). Without rpId and origins no passkey
 * approval counts.
 */
export const PasskeyPolicySchema = z
  .object({
    /** The console's host name, e.g. tollgate.example.com (localhost for a local console). */
    rpId: z.string().min(1).max(253).optional(),
    rpName: z.string().min(1).max(100).default('Tollgate'),
    /** Exact origins the console is served at, e.g. https://tollgate.example.com */
    origins: z.array(z.url()).default([]),
    /** approver ids whose SSH key may approve or revoke passkey enrollments; never their own. */
    admins: z.array(z.string().min(1)).default([]),
  })
  .strict();
