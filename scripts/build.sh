#!/usr/bin/env bash
# Compiles the TypeScript sources to dist/ (tsconfig.build.json, incremental) and writes the
# command manifest the compiled CLI reads its commands from. Called by `make build` (which
# `make demo` and `make test` depend on) and by `npm install` (the prepare script).
# dist/.build-stamp carries the time the build STARTED: bin/tollgate.mjs runs dist/ only while
# no source is newer, so a source saved during a build still counts as unbuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/tsc ]; then
  # `npm install --omit=dev` runs prepare without TypeScript: bin/tollgate.mjs then runs the sources.
  echo "build: TypeScript is not installed (dev dependencies omitted); dist/ not built" >&2
  exit 0
fi
started="$(mktemp)"
trap 'rm -f "$started"' EXIT
node_modules/.bin/tsc -p tsconfig.build.json
node dist/cli/write-command-manifest.js >/dev/null
touch -r "$started" dist/.build-stamp
