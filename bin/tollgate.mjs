#!/usr/bin/env node
// Runs the compiled CLI in dist/ (scripts/build.sh). A stale build never runs: when a source is
// newer than the build, or there is no build, the TypeScript sources run through tsx instead
// (slower) and stderr says why.
import { staleBuildReason } from './build-freshness.mjs';

const stale = staleBuildReason(new URL('../', import.meta.url));
if (stale === undefined) {
  await import('../dist/cli/main.js');
} else {
  process.stderr.write(`tollgate: running the TypeScript sources (${stale}); make build compiles them\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
