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

export const ActionSchema = z.discriminatedUnion('type', [ResizeActionSchema, StopActionSchema]);
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
  return action.type === 'resize' ? `resize ${action.resourceId} from ${action.fromSku} to ${action.toSku}` : `${action.type} ${action.resourceId}`;
}
