// Whether dist/ was built from the sources as they are now: plain JavaScript, so the launcher
// can ask before anything is compiled. The build stamps dist/.build-stamp with its start time.
import { readdirSync, readFileSync, statSync } from 'node:fs';

const mtime = (url) => {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Why dist/ under `root` (a directory URL) must not run, or undefined when it is current. */
export function staleBuildReason(root) {
  const builtAt = mtime(new URL('dist/.build-stamp', root));
  if (builtAt === undefined) return 'dist/ is not built';
  for (const file of ['tsconfig.json', 'tsconfig.build.json']) {
    if ((mtime(new URL(file, root)) ?? 0) > builtAt) return `${file} changed since dist/ was built`;
  }
  const { include } = JSON.parse(readFileSync(new URL('tsconfig.build.json', root), 'utf8'));
  for (const dir of include) {
    let entries;
    try {
      entries = readdirSync(new URL(`${dir}/`, root), { recursive: true });
    } catch {
      continue; // a folder the build lists but this checkout does not have yet
    }
    for (const entry of entries) {
      if (entry.endsWith('.ts') && (mtime(new URL(`${dir}/${entry}`, root)) ?? 0) > builtAt) return `${dir}/${entry} changed since dist/ was built`;
    }
  }
  return undefined;
}
