import type { HTTPReceiver } from '@slack/bolt';

/** Slack's replay window: a signed request older or newer than this is refused. */
export const MAX_REQUEST_SKEW_SEC = 5 * 60;

/**
 * Why a request's `x-slack-request-timestamp` is refused, or undefined when it is fresh. Bolt
 * refuses only timestamps more than 5 minutes in the past; one from the future would stay
 * replayable for as long as its lead, so both directions are bounded here.
 */
export function timestampRefusal(header: string | string[] | undefined, nowMs: number): string | undefined {
  // Missing or malformed: left to Bolt's verification, which refuses it (and lets Slack's ssl_check through).
  const sec = Number(Array.isArray(header) ? NaN : header);
  if (Number.isFinite(sec) && sec > nowMs / 1000 + MAX_REQUEST_SKEW_SEC)
    return `x-slack-request-timestamp is more than ${MAX_REQUEST_SKEW_SEC / 60} minutes in the future`;
  return undefined;
}

/** Puts the future-timestamp check in front of the receiver's own verification (signature, past bound). */
export function refuseFutureTimestamps(receiver: HTTPReceiver, onRefused: (reason: string) => void, nowMs: () => number = Date.now): void {
  const verified = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const refusal = req.method === 'POST' ? timestampRefusal(req.headers['x-slack-request-timestamp'], nowMs()) : undefined;
    if (refusal === undefined) return verified(req, res);
    onRefused(refusal);
    // Same answer as a bad signature: 401, no body, nothing dispatched.
    res.writeHead(401);
    res.end();
  };
}
