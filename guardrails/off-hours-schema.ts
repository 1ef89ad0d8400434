import { z } from 'zod';
import { isKnownTimeZone, parseCron, sameFirings } from '../core/index.js';
import { DurationTextSchema } from './duration-schema.js';

const CronTextSchema = z.string().superRefine((text, ctx) => {
  try {
    parseCron(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; write five fields, e.g. "0 20 * * 1-5" for weekdays 20:00` });
  }
});

/** One named off-hours schedule: when enrolled VMs stop and start again, in the team's own time zone. */
export const OffHoursScheduleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40: it names Temporal Schedules and is a tag value'),
    stop: CronTextSchema,
    start: CronTextSchema,
    timezone: z
      .string()
      .default('UTC')
      .refine((zone) => isKnownTimeZone(zone), 'an IANA time zone such as UTC, Europe/Berlin or America/New_York'),
  })
  .strict()
  .refine((s) => !firesTogether(s.stop, s.start), { message: 'stop and start must differ: these fire on the same minutes', path: ['start'] });

/** Unparseable crons are reported by their own fields; only two valid ones can coincide. */
function firesTogether(stop: string, start: string): boolean {
  try {
    return sameFirings(stop, start);
  } catch {
    return false;
  }
}
export type OffHoursSchedule = z.infer<typeof OffHoursScheduleSchema>;

/**
 * Nightly stop and morning start of non-production VMs (docs/policy.md#offhours). A VM opts in with
 * the tag `tagKey` = a schedule's name; a human approves its enrollment once, for `enrollmentValidity`.
 */
export const OffHoursPolicySchema = z
  .object({
    tagKey: z.string().min(1).default('tollgate:off-hours'),
    /** How long one approved enrollment lets the schedule stop and start the VM; then it is proposed again. */
    enrollmentValidity: DurationTextSchema.default('30d'),
    /** A stop or start runs only this long after its scheduled minute: a late run never stops a VM in the working day. */
    graceMinutes: z.number().positive().max(720).default(60),
    /** At most this many VMs stopped by one firing of one schedule. */
    maxVmsPerFiring: z.number().int().positive().default(50),
    schedules: z
      .array(OffHoursScheduleSchema)
      .default([])
      .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'schedule names must be unique'),
  })
  .strict();
export type OffHoursPolicy = z.infer<typeof OffHoursPolicySchema>;
