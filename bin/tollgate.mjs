#!/usr/bin/env node
// Runs the compiled CLI in dist/ (scripts/build.sh). A stale build never runs: when a source is
// newer than dist/.build-stamp, or there is no build, the TypeScript sources run through tsx
// instead (slower) and stderr says so.
import { readdirSync, readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const mtime = (url) => {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The first source file (or build setting) changed since the build started, if any. */
function changedSinceBuild(builtAt) {
  const settings = ['tsconfig.json', 'tsconfig.build.json'];
  for (const file of settings) if ((mtime(new URL(file, root)) ?? 0) > builtAt) return file;
  const { include } = JSON.parse(readFileSync(new URL('tsconfig.build.json', root), 'utf8'));
  for (const dir of include) {
    let entries;
    try {
      entries = readdirSync(new URL(`${dir}/`, root), { recursive: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.endsWith('.ts')) continue;
      const file = `${dir}/${entry}`;
      if ((mtime(new URL(file, root)) ?? 0) > builtAt) return file;
    }
  }
  return undefined;
}

const builtAt = mtime(new URL('dist/.build-stamp', root));
const changed = builtAt === undefined ? 'no build' : changedSinceBuild(builtAt);
if (changed === undefined) {
  await import('../dist/cli/main.js');
} else {
  process.stderr.write(
    `tollgate: running the TypeScript sources (${changed === 'no build' ? 'dist/ is not built' : `${changed} changed since dist/ was built`}); make build compiles them\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
