import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Estate } from '../../clouds/sandbox/estate.js';
import { CATALOG, RESOURCE } from './fixtures.js';

/** A one-VM sandbox estate over the test catalog, with a clock the test moves. */
export function sandboxWithClock(): { cloud: SandboxCloud; setClock: (iso: string) => void } {
  let now = '2026-07-20T12:00:00.000Z';
  const estate: Estate = {
    description: 'guardrail tests (hand-written)',
    catalog: { source: 'test', date: '2026-07-20', entries: CATALOG.map(({ catalogDate: _d, ...e }) => e) },
    resources: [
      { ...RESOURCE, utilization: { hoursOfData: 336, cpu: { basePct: 10, dailyAmplitudePct: 0, noisePct: 0, burstPct: 0, seed: 1, afterChangeFactor: 1 } } },
    ],
  };
  const cloud = new SandboxCloud(estate, { clock: () => now });
  return { cloud, setClock: (iso) => (now = iso) };
}
