import { ApplicationFailure, Context } from '@temporalio/activity';
import type { SourcePollResult } from '../core/index.js';
import type { BillingSourceReader } from '../core/index.js';
import { landSource, sourceError, type LandingEvent } from './billing-landing.js';
import type { AnalysisDeps } from './deps.js';
import { withKeepAlive } from './keep-alive.js';

/** The landing's inputs as the worker holds them (runtime/billing-sources.ts builds them from tollgate.yaml). */
export interface LandingWorkerSettings {
  readers: readonly BillingSourceReader[];
  warehousePath: string;
  cacheDir: string;
  /** heartbeat this often while a download or load reports nothing (default 20 s; the workflow's timeout is 2 min) */
  keepAliveMs?: number;
}

/** Activities of the billing landing poll, on the analysis queue (read-only credentials suffice). */
export function createLandingActivities(deps: AnalysisDeps, settings: LandingWorkerSettings) {
  return {
    async listBillingSources(): Promise<string[]> {
      return settings.readers.map((r) => r.name);
    },

    /** One source landed; a source that cannot be listed fails the attempt (Temporal retries it). */
    async landBillingSource(input: { source: string; landingId: string }): Promise<SourcePollResult> {
      const reader = settings.readers.find((r) => r.name === input.source);
      if (!reader) throw ApplicationFailure.nonRetryable(`billing source ${input.source} is not configured in this worker's tollgate.yaml`);
      // The last thing reported, repeated while a long step (one large object) reports nothing new.
      let last: LandingEvent | { kind: 'starting'; source: string } = { kind: 'starting', source: reader.name };
      try {
        return await withKeepAlive(
          () =>
            landSource(reader, {
              warehousePath: settings.warehousePath,
              cacheDir: settings.cacheDir,
              tagAliases: deps.policy.tags.aliases,
              audit: deps.audit,
              clock: deps.clock,
              landingId: input.landingId,
              onEvent: (event) => {
                last = event;
                Context.current().heartbeat(event);
                deps.log.info({ landing: input.landingId, ...event }, 'billing landing');
              },
            }),
          () => last,
          settings.keepAliveMs,
        );
      } catch (error) {
        throw ApplicationFailure.retryable(sourceError(reader, error).error ?? String(error), 'BillingSourceUnreadable');
      }
    },
  };
}

export type LandingActivities = ReturnType<typeof createLandingActivities>;
