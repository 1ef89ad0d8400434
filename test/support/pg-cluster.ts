import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../runtime/free-port.js';

/**
 * A throwaway PostgreSQL cluster from Debian's server binaries: initdb into a temp folder,
 * start on a free loopback port, stop and delete afterwards. PostgreSQL refuses to run as
 * root, so under root every server command runs as the `postgres` system user (created by
 * Debian's package) via `runuser`, and the data folder is handed to that user.
 * Set TOLLGATE_TEST_PG_URL to use an existing server instead.
 */
export interface PgCluster {
  /** postgres://…/postgres, a superuser connection */
  url: string;
  /** A fresh, empty database for one test. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}/*/bin; run scripts/setup.d/postgres.sh (apt-get install postgresql)`);
  return join(root, versions[0]!, 'bin');
}

export async function startPgCluster(): Promise<PgCluster> {
  const external = process.env.TOLLGATE_TEST_PG_URL;
  if (external) return withDatabases(external, async () => undefined);

  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'tollgate', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Unix socket inside the temp folder so a system cluster's /var/run/postgresql is never touched.
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const url = `postgres://tollgate@127.0.0.1:${port}/postgres`;
  return withDatabases(url, async () => {
    run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });
}

async function withDatabases(url: string, shutdown: () => Promise<void>): Promise<PgCluster> {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  let counter = 0;
  return {
    url,
    async createDatabase() {
      const name = `audit_${process.pid}_${Date.now()}_${counter++}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return target.toString();
    },
    async stop() {
      await admin.end();
      await shutdown();
    },
  };
}
