#!/usr/bin/env bash
# Prints the path of a Temporal CLI: the one on PATH, else one built from the Go module
# proxy into a cache outside the repository (reused on the next run).
set -euo pipefail
VERSION="v1.5.1" # later tags carry a replace directive that breaks `go install`
CACHE="${TOLLGATE_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate}/temporal-$VERSION"
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$CACHE/temporal" ]; then echo "$CACHE/temporal"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "temporal CLI not found and Go is not installed to build it" >&2; exit 1; }
mkdir -p "$CACHE"
echo "building the Temporal CLI $VERSION with go install (first run only, a few minutes)..." >&2
start=$(date +%s)
GOBIN="$CACHE" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
echo "built the Temporal CLI in $(( $(date +%s) - start )) s" >&2
echo "$CACHE/temporal"
