/**
 * How fast the CLI starts: `tollgate --help` and `tollgate approvals list --help` from the build
 * (bin/tollgate.mjs → dist/), against the anchor measured in the same run, interleaved: a bare
 * `node -e 0`. Wall time from spawn to exit and each process's own peak RSS; medians of
 * BENCH_RUNS (default 15) runs. BENCH_SOURCES=1 adds the TypeScript sources through tsx, every
 * module loaded up front (how the CLI ran before it was compiled), a few runs: it is slow.
 * Not a test: `make build && npm run bench:cli`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain JavaScript beside the launcher, without type declarations
import { staleBuildReason } from '../bin/build-freshness.mjs';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const REPORT_RSS = fileURLToPath(new URL('./support/report-peak-rss.mjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const sourceRuns = Number(process.env.BENCH_SOURCE_RUNS ?? 3);

const stale = (staleBuildReason as (root: URL) => string | undefined)(new URL('../', import.meta.url));
if (stale) {
  process.stderr.write(`bench:cli measures the build, and ${stale}: run make build first\n`);
  process.exit(2);
}

interface Case {
  name: string;
  args: string[];
}
const anchor: Case = { name: 'node -e 0 (anchor)', args: ['-e', '0'] };
const cases: Case[] = [
  anchor,
  { name: 'tollgate --help', args: ['bin/tollgate.mjs', '--help'] },
  { name: 'tollgate approvals list --help', args: ['bin/tollgate.mjs', 'approvals', 'list', '--help'] },
  // Not held to the target: a command doing its work, its module and dependencies loaded.
  { name: 'tollgate policy check PLAN (runs)', args: ['bin/tollgate.mjs', 'policy', 'check', 'test/fixtures/terraform/compliant.plan.json'] },
];
const sources: Case[] = [
  { name: 'sources via tsx: --help', args: ['--import', 'tsx', 'cli/main.ts', '--help'] },
  { name: 'sources via tsx: approvals list --help', args: ['--import', 'tsx', 'cli/main.ts', 'approvals', 'list', '--help'] },
];

const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-cli-'));
const rssFile = join(dir, 'rss');

function once(c: Case): { ms: number; kib: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_RSS, ...c.args], {
    cwd: REPO,
    env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (child.status !== 0 || child.stderr) throw new Error(`${c.name} exited ${child.status}: ${child.stderr}`);
  return { ms, kib: Number(readFileSync(rssFile, 'utf8')) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function measure(list: Case[], n: number): Map<string, { ms: number[]; kib: number[] }> {
  const samples = new Map(list.map((c) => [c.name, { ms: [] as number[], kib: [] as number[] }]));
  for (const c of list) once(c); // warm the file cache, not counted
  // Interleaved, so a machine whose speed drifts during the run moves every case alike.
  for (let i = 0; i < n; i++) {
    for (const c of list) {
      const { ms, kib } = once(c);
      samples.get(c.name)!.ms.push(ms);
      samples.get(c.name)!.kib.push(kib);
    }
  }
  return samples;
}

try {
  const results = measure(cases, runs);
  if (process.env.BENCH_SOURCES === '1') for (const [k, v] of measure([anchor, ...sources], sourceRuns)) if (k !== anchor.name) results.set(k, v);
  const base = results.get(anchor.name)!;
  const baseMs = median(base.ms);
  const baseKib = median(base.kib);
  const load = loadavg().map((l) => l.toFixed(2));
  process.stdout.write(
    `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${load.join(' ')}\n`,
  );
  process.stdout.write(`runs: ${runs} (sources: ${sourceRuns}); medians; ratio = case ÷ anchor, same run\n\n`);
  process.stdout.write('| command | wall ms | ratio | peak RSS MiB | ratio |\n|---|---:|---:|---:|---:|\n');
  for (const [name, s] of results) {
    const ms = median(s.ms);
    const kib = median(s.kib);
    process.stdout.write(`| ${name} | ${ms.toFixed(0)} | ${(ms / baseMs).toFixed(2)} | ${(kib / 1024).toFixed(1)} | ${(kib / baseKib).toFixed(2)} |\n`);
  }
  const worst = Math.max(...cases.slice(1, 3).map((c) => median(results.get(c.name)!.ms) / baseMs));
  process.stdout.write(`\nslowest --help case: ${worst.toFixed(2)}x the anchor (target: within 5x)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
