import { createHmac } from 'node:crypto';

/** Signs a body the way Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** Posts an interaction payload to the receiver as Slack would, signed with `secret` at `timestampSec`. */
export async function postInteraction(
  url: string,
  payload: unknown,
  options: { secret: string; timestampSec?: number; signature?: string },
): Promise<Response> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestampSec),
      'x-slack-signature': options.signature ?? slackSignature(options.secret, timestampSec, body),
    },
    body,
  });
}
