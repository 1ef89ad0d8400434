import { z } from 'zod';
import type { ButtonValue } from './blocks.js';

/**
 * A click Tollgate refuses, with the sentence the user sees (as an ephemeral message or in the
 * modal). Plain text: the caller escapes it for mrkdwn.
 */
export class ClickRefusal extends Error {
  override readonly name = 'ClickRefusal';
}

// The button value and the modal metadata come back from Slack inside a signed request, but they
// are whatever the message held: checked like any other input, never trusted to be ours.
const ButtonValueSchema = z
  .object({
    workflowId: z.string().min(1).max(512),
    proposalHash: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-character hex SHA-256'),
  })
  .strict();
const ModalMetadataSchema = ButtonValueSchema.extend({ channel: z.string().min(1).max(64), ts: z.string().min(1).max(64) }).strict();
export type ModalMetadata = z.infer<typeof ModalMetadataSchema>;

function parsed<T>(schema: z.ZodType<T>, raw: string | undefined, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    throw new ClickRefusal(`${what} is not a Tollgate approval reference, so nothing was decided.`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || 'the value'))].join(', ');
    throw new ClickRefusal(`${what} does not carry a valid workflow id and proposal hash (${fields}), so nothing was decided.`);
  }
  return result.data;
}

/** What an Approve / Reject / Snooze button carries, or a refusal the user can act on. */
export function parseButtonValue(raw: string | undefined): ButtonValue {
  return parsed(ButtonValueSchema, raw, 'This button');
}

/** Where the reject modal came from: the workflow, the hash shown, and the message to update. */
export function parseModalMetadata(raw: string | undefined): ModalMetadata {
  return parsed(ModalMetadataSchema, raw, 'This form');
}

/** Channel and ts of the message a click came from. */
export function messageOf(body: { channel?: { id?: string }; container?: { channel_id?: string; message_ts?: string }; message?: { ts?: string } }): {
  channel: string;
  ts: string;
} {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) throw new ClickRefusal('This click did not come from an approval message Tollgate can update, so nothing was decided.');
  return { channel, ts };
}
