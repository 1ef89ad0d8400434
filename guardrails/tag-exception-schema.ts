import { z } from 'zod';

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/**
 * Where a tag exception applies: one sub-account (AWS account, Azure subscription, GCP project),
 * one resource, or one service. Exactly one, so an exception never reaches further than written.
 */
export const TagExceptionScopeSchema = z
  .object({ subAccount: z.string().min(1).optional(), resource: z.string().min(1).optional(), service: z.string().min(1).optional() })
  .strict()
  .refine((s) => [s.subAccount, s.resource, s.service].filter((v) => v !== undefined).length === 1, 'name exactly one of subAccount, resource, service');

/**
 * A granted exception to a required tag: the audit counts the scope as carrying the key until the
 * expiry date (exclusive, UTC), then reports the exception as expired and stops honouring it.
 */
export const TagExceptionSchema = z
  .object({
    key: z.string().trim().min(1),
    scope: TagExceptionScopeSchema,
    reason: z.string().trim().min(1, 'say why the exception was granted'),
    expires: DateSchema,
  })
  .strict();

export type TagException = z.infer<typeof TagExceptionSchema>;
