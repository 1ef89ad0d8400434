#!/usr/bin/env bash
# Builds the native series detector (native/series-detector: Rust, Node-API) into
# native/series-detector/tollgate-series-detector.node, which detect/anomaly loads when present.
# Optional for users: without cargo the TypeScript detector runs, with the same events and about
# twice the CPU. `--require` (make test, CI) fails instead, so the tests hold the native one to
# the reference detector. Up to date when the addon is newer than every source of the crate.
set -euo pipefail
cd "$(dirname "$0")/.."
crate=native/series-detector
out="$crate/tollgate-series-detector.node"
require=false
[ "${1:-}" = "--require" ] && require=true

# rustup installs cargo in ~/.cargo/bin, which a non-login shell (CI) may not have on PATH.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi
if ! command -v cargo >/dev/null 2>&1; then
  if $require; then
    echo "build-native: cargo not found; install Rust (https://rustup.rs) to build $out" >&2
    exit 1
  fi
  echo "build-native: cargo not found; the TypeScript series detector will run (same events, slower)" >&2
  exit 0
fi

if [ -f "$out" ] && [ -z "$(find "$crate/src" "$crate/Cargo.toml" "$crate/Cargo.lock" "$crate/build.rs" -newer "$out" -print -quit)" ]; then
  exit 0
fi

case "$(uname -s)" in
  Darwin) library=libtollgate_series_detector.dylib ;;
  MINGW* | MSYS* | CYGWIN*) library=tollgate_series_detector.dll ;;
  *) library=libtollgate_series_detector.so ;;
esac
echo "build-native: compiling $crate (cargo build --release)" >&2
cargo build --release --locked --quiet --manifest-path "$crate/Cargo.toml" --target-dir "$crate/target"
# Copy then rename: a process loading the addon meanwhile never sees half a file.
cp "$crate/target/release/$library" "$out.tmp"
mv "$out.tmp" "$out"
