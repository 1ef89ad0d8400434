import { z } from 'zod';
import { parseDuration } from '../core/index.js';
import { parseCron } from '../core/cron.js';

const MAX_RECURRING_MS = 31 * 86_400_000;

/** A recurring freeze: starts whenever the cron fires (UTC) and lasts `duration`. */
const RecurringFreezeSchema = z
  .object({
    name: z.string().min(1),
    cron: z.string().superRefine((text, ctx) => {
      const problem = cronProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; write five fields, e.g. "0 18 * * 5" for Fridays 18:00 UTC` });
    }),
    duration: z.string().refine((text) => validDuration(text), 'expected a duration such as 48h or 3d, at most 31d'),
  })
  .strict();

/** A fixed freeze between two instants: from inclusive, to exclusive. */
const DatedFreezeSchema = z
  .object({
    name: z.string().min(1),
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
  })
  .strict()
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: 'from must be before to', path: ['to'] });

export const FreezeWindowSchema = z.union([RecurringFreezeSchema, DatedFreezeSchema]);
export type FreezeWindow = z.infer<typeof FreezeWindowSchema>;

function cronProblem(text: string): string {
  try {
    parseCron(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

function validDuration(text: string): boolean {
  try {
    const ms = parseDuration(text);
    return ms > 0 && ms <= MAX_RECURRING_MS;
  } catch {
    return false;
  }
}
