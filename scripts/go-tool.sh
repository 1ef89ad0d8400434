#!/usr/bin/env bash
# Prints the path of a Go program built from the Go module proxy into a cache outside the
# repository (reused on later runs): go-tool.sh NAME PACKAGE VERSION [in-module].
# `in-module` builds it as a tool of a throwaway module (`go get -tool`), for programs whose own
# go.mod carries replace directives that `go install pkg@version` refuses.
# TOLLGATE_TOOL_CACHE moves the cache.
set -euo pipefail
NAME="$1" PKG="$2" VERSION="$3" MODE="${4:-install}"
CACHE="${TOLLGATE_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate}/$NAME-$VERSION"
if [ -x "$CACHE/$NAME" ]; then echo "$CACHE/$NAME"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "$NAME not found in $CACHE and Go is not installed to build it" >&2; exit 1; }
mkdir -p "$CACHE"
echo "building $NAME $VERSION from the Go module proxy (first run only, several minutes)..." >&2
start=$(date +%s)
# Build into a temporary folder so an interrupted build never leaves a half-written binary.
tmp="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
if [ "$MODE" = in-module ]; then
  (cd "$tmp" && go mod init "tollgate.local/build-$NAME" >/dev/null 2>&1 && go get -tool "$PKG@$VERSION" >&2 && go build -o "$tmp/$NAME" "$PKG" >&2)
else
  GOBIN="$tmp" go install "$PKG@$VERSION" >&2
  mv "$tmp/$(basename "$PKG")" "$tmp/$NAME" 2>/dev/null || true
fi
mv "$tmp/$NAME" "$CACHE/$NAME"
echo "built $NAME in $(( $(date +%s) - start )) s" >&2
echo "$CACHE/$NAME"
