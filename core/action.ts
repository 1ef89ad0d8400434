import { z } from 'zod';
import { digestOf } from './canonical.js';
import { ProviderSchema } from './resource.js';

/** A concrete change to one resource. Its canonical hash binds approvals and tickets to it. */
export const ResizeActionSchema = z.object({
  type: z.literal('resize'),
  provider: ProviderSchema,
  resourceId: z.string(),
  region: z.string(),
  fromSku: z.string(),
  toSku: z.string(),
});

export const StopActionSchema = z.object({
  type: z.enum(['stop', 'start', 'terminate', 'delete-volume', 'release-address']),
  provider: ProviderSchema,
  resourceId: z.string(),
  region: z.string(),
});

/**
 * Enrollment of one VM in an off-hours schedule: stopped at every `stopCron` firing and started at
 * every `startCron` firing (wall-clock time in `timezone`). Approving it approves those times for
 * that VM; the cloud is changed only by the nightly stops and morning starts it allows.
 */
export const OffHoursActionSchema = z.object({
  type: z.literal('off-hours'),
  provider: ProviderSchema,
  resourceId: z.string(),
  region: z.string(),
  schedule: z.string(),
  stopCron: z.string(),
  startCron: z.string(),
  timezone: z.string(),
});
export type OffHoursAction = z.infer<typeof OffHoursActionSchema>;

export const ActionSchema = z.discriminatedUnion('type', [ResizeActionSchema, StopActionSchema, OffHoursActionSchema]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

export function actionHash(action: Action): string {
  return digestOf(ActionSchema.parse(action));
}

/** The action that undoes a resize: back to the recorded prior size. */
export function inverseOf(action: Action): Action {
  if (action.type !== 'resize') throw new Error(`no automatic inverse for action type ${action.type}`);
  return { ...action, fromSku: action.toSku, toSku: action.fromSku };
}

export function describeAction(action: Action): string {
  if (action.type === 'resize') return `resize ${action.resourceId} from ${action.fromSku} to ${action.toSku}`;
  if (action.type === 'off-hours') {
    return `off-hours ${action.resourceId}: stop "${action.stopCron}", start "${action.startCron}" (${action.timezone}, schedule ${action.schedule})`;
  }
  return `${action.type} ${action.resourceId}`;
}

/** The change in a few words for tables and messages: sizes for a resize, the times for off-hours, else the type. */
export function changeOf(action: Action): string {
  if (action.type === 'resize') return `${action.fromSku} → ${action.toSku}`;
  if (action.type === 'off-hours') return `off-hours: stop "${action.stopCron}", start "${action.startCron}" (${action.timezone})`;
  return action.type;
}

/** The cloud change a dry-run validates for an action: an off-hours enrollment is checked as the stop it allows. */
export function plannedAction(action: Action): Exclude<Action, OffHoursAction> {
  if (action.type !== 'off-hours') return action;
  return { type: 'stop', provider: action.provider, resourceId: action.resourceId, region: action.region };
}
