import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioWarehouse } from '../detect/scenario-warehouse.js';
import { REPO } from '../support/world.js';
// @ts-expect-error: plain JavaScript beside the launcher, without type declarations
import { staleBuildReason } from '../../bin/build-freshness.mjs';

const stale = staleBuildReason as (root: URL) => string | undefined;
const tollgate = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [`${REPO}/bin/tollgate.mjs`, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, TOLLGATE_LOG_LEVEL: 'silent', ...env },
  });

/** `tollgate detect anomalies` from the compiled build: its worker threads load dist/detect/anomaly/series-scan-worker.js. */
describe('detect anomalies on worker threads, compiled', () => {
  let dbPath: string;
  beforeAll(async () => {
    // `make test` builds first; run alone after an edit, this builds what the edit changed.
    if (stale(pathToFileURL(`${REPO}/`))) expect(spawnSync(`${REPO}/scripts/build.sh`, { stdio: 'inherit' }).status).toBe(0);
    ({ dbPath } = await scenarioWarehouse(11));
  });

  it('prints the incidents one thread finds and says the scan ran on the threads asked for', () => {
    const threaded = tollgate(['detect', 'anomalies', '--db', dbPath, '--threads', '2']);
    expect(threaded.status, threaded.stderr).toBe(0);
    expect(threaded.stderr).not.toContain('running the TypeScript sources');
    expect(threaded.stderr).toMatch(/^detect: .*scan \d[\d,]* series .*, 2 worker threads\), root causes/m);
    const json = (threads: string) => {
      const run = tollgate(['detect', 'anomalies', '--db', dbPath, '--threads', threads, '--json']);
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { incidents: unknown[] };
    };
    const one = json('1');
    expect(one.incidents.length).toBeGreaterThan(0);
    expect(json('2')).toStrictEqual(one);
  }, 120_000);

  it('refuses a thread count that is not a whole number of at least 1, from the flag or the environment', () => {
    const flag = tollgate(['detect', 'anomalies', '--db', dbPath, '--threads', '0']);
    expect(flag.status).not.toBe(0);
    expect(flag.stderr).toMatch(/--threads <n>.*at least 1 .*found "0"/s);
    const env = tollgate(['detect', 'anomalies', '--db', dbPath], { TOLLGATE_DETECT_THREADS: 'many' });
    expect(env.status).not.toBe(0);
    expect(env.stderr).toContain('TOLLGATE_DETECT_THREADS="many": give a whole number of threads, at least 1');
  }, 60_000);
});
