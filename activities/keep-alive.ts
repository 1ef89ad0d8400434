import { Context } from '@temporalio/activity';

/** How often a long activity step heartbeats when it has nothing new to report. */
export const KEEP_ALIVE_MS = 20_000;

/**
 * Runs `work`, heartbeating `details()` every `everyMs` until it settles. A landing heartbeats on
 * each event, but one download or load can outlast the heartbeat timeout without an event;
 * without this Temporal would take a slow object store for a dead worker and retry from scratch.
 */
export async function withKeepAlive<T>(work: () => Promise<T>, details: () => unknown, everyMs = KEEP_ALIVE_MS): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(details()), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
