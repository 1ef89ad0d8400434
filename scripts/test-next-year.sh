#!/usr/bin/env bash
# The suite a year from now: every test that needs no Temporal server, and every eval scenario
# (fast mode), run with the clock moved ahead by libfaketime. Proof that no test, fixture or
# scenario depends on today's date.
#
# Tests that start a Temporal dev server are left out here: the server is a Go program, which
# reads the clock through the vDSO where libfaketime cannot reach it, so workflow time would stay
# today's while the workers' moved ahead. Those tests run in `make test` on today's clock; the
# scenarios they share with the eval run here in fast mode.
#
# So is the SBOM test, which runs the Rust toolchain (`cargo metadata`, `rustc -vV`): rustc hangs
# under libfaketime, and an SBOM holds no date to move.
set -euo pipefail
cd "$(dirname "$0")/.."
AHEAD="${TOLLGATE_CLOCK_AHEAD:-+365d}"
command -v faketime >/dev/null || { echo "faketime is missing: run scripts/setup.d/faketime.sh (Debian package faketime)" >&2; exit 1; }
mapfile -t files < <(grep -rLE "startDevServer|support/loop|support/temporal|harness/dev-server|harness/eval-harness|mode: 'full'|scripts/sbom.sh" test --include='*.test.ts' | sort)
echo "a year ahead ($AHEAD): ${#files[@]} test files without a Temporal server, then every eval scenario" >&2
ahead() { FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$AHEAD" "$@"; }
ahead node -e 'console.log(`clock reads ${new Date().toISOString()}`)' >&2
ahead npx vitest run "${files[@]}"
TOLLGATE_HOME="$(mktemp -d)" ahead node bin/tollgate.mjs eval --mode fast
