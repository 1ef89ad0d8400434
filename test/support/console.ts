import { join } from 'node:path';
import { readOnlyView } from '../../clouds/provider.js';
import { policyPasskeys } from '../../console/passkeys.js';
import { listenConsole, weeklyReportSource, type RunningConsole } from '../../runtime/console.js';
import type { Loop } from './loop.js';

/** The console over a test loop: its Temporal client, its audit log, its policy and its cloud's tags, on a free port. */
export function startConsoleFor(loop: Loop): Promise<RunningConsole> {
  const { world } = loop;
  return listenConsole(
    ({ rpId, origin }) => ({
      client: loop.env.client,
      audit: world.audit,
      policy: () => world.policy,
      weeklyReport: weeklyReportSource({
        warehousePath: () => world.warehousePath ?? join(world.dir, 'no-warehouse.duckdb'),
        audit: world.audit,
        policy: () => world.policy,
      }),
      tagsOf: async (_provider, resourceId) => (await readOnlyView(world.cloud).getResource(resourceId)).tags,
      passkeys: policyPasskeys(() => world.policy, { rpId, origin }),
      rpId,
      origin,
      onError: (error) => console.error(error),
    }),
    '127.0.0.1',
    0,
  );
}
