#!/usr/bin/env bash
# Prints the path of a Go program built from the Go module proxy into a cache outside the
# repository (reused on later runs): go-tool.sh NAME MODULE/cmd/path VERSION.
# The one on PATH wins when its name matches; TOLLGATE_TOOL_CACHE moves the cache.
set -euo pipefail
NAME="$1" PKG="$2" VERSION="$3"
CACHE="${TOLLGATE_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate}/$NAME-$VERSION"
if [ -x "$CACHE/$NAME" ]; then echo "$CACHE/$NAME"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "$NAME not found in $CACHE and Go is not installed to build it" >&2; exit 1; }
mkdir -p "$CACHE"
echo "building $NAME $VERSION with go install (first run only, several minutes)..." >&2
start=$(date +%s)
# Build into a temporary GOBIN so an interrupted build never leaves a half-written binary.
tmp="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$PKG@$VERSION" >&2
mv "$tmp/$(basename "$PKG")" "$CACHE/$NAME"
echo "built $NAME in $(( $(date +%s) - start )) s" >&2
echo "$CACHE/$NAME"
