import { z } from 'zod';
import { parseSshPublicKey } from '../core/index.js';

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
 * ones) or `id: {role, keys: [ssh-ed25519 …]}`. Both read as {role, keys}.
 */
export const ApproverEntrySchema = z
  .union([z.string().min(1), z.object({ role: z.string().min(1), keys: z.array(SshPublicKeySchema).default([]) }).strict()], {
    error: 'expected a role, or {role, keys: ["ssh-ed25519 …"]}',
  })
  .transform((entry) => (typeof entry === 'string' ? { role: entry, keys: [] as string[] } : entry));
export type ApproverEntry = z.output<typeof ApproverEntrySchema>;
